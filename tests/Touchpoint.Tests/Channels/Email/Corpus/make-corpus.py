#!/usr/bin/env python3
"""Writes the tricky-mail corpus used by EmailCorpusTests (run once; the .eml files are committed)."""
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.mime.base import MIMEBase
from email.mime.image import MIMEImage
from email.header import Header
from email import encoders
import base64, quopri

def save(name, msg):
    open(name, 'wb').write(msg.as_bytes())

# koi8-r, quoted-printable body, encoded subject and sender name
body = "Здравствуйте! Где мой заказ? Жду уже неделю.\n\nОльга"
m = MIMEText(body, 'plain', 'koi8-r')
del m['Content-Transfer-Encoding']
m.set_payload(quopri.encodestring(body.encode('koi8-r')).decode('ascii'))
m['Content-Transfer-Encoding'] = 'quoted-printable'
m['Subject'] = Header("Вопрос по заказу", 'koi8-r').encode()
m['From'] = '=?koi8-r?b?' + base64.b64encode('Ольга Петрова'.encode('koi8-r')).decode() + '?= <olga@corpus.test>'
m['To'] = 'support@shop.test'; m['Message-ID'] = '<koi8r-1@corpus.test>'; m['Date'] = 'Mon, 23 Nov 2026 10:00:00 +0300'
save('01-koi8r-qp.eml', m)

# windows-1251, base64
m = MIMEText("Добрый день. Оплатил картой, но статус не изменился.", 'plain', 'windows-1251')
m['Subject'] = Header("Оплата не прошла?", 'windows-1251').encode()
m['From'] = 'ivan@corpus.test'; m['To'] = 'support@shop.test'; m['Message-ID'] = '<cp1251-1@corpus.test>'
save('02-cp1251-base64.eml', m)

# iso-8859-2, Polish
m = MIMEText("Dzień dobry, chciałbym zwrócić buty. Jak to zrobić?\nŁukasz", 'plain', 'iso-8859-2')
m['Subject'] = Header("Zwrot towaru - żółte buty", 'iso-8859-2').encode()
m['From'] = 'lukasz@corpus.test'; m['To'] = 'support@shop.test'; m['Message-ID'] = '<latin2-1@corpus.test>'
save('03-iso88592.eml', m)

# multipart/alternative with hostile HTML
m = MIMEMultipart('alternative')
m['Subject'] = 'Question about size'; m['From'] = '"Anna Nowak" <anna@corpus.test>'; m['To'] = 'support@shop.test'; m['Message-ID'] = '<alt-1@corpus.test>'
m.attach(MIMEText("Is size 42 true to size?", 'plain', 'utf-8'))
m.attach(MIMEText('<html><body><p onclick="steal()">Is size <b>42</b> true to size?</p><script>alert(1)</script><a href="javascript:alert(2)">x</a></body></html>', 'html', 'utf-8'))
save('04-alternative-html.eml', m)

# HTML only
m = MIMEText('<div>Hello,<br>my order <b>has not arrived</b>.</div><div>Thanks</div>', 'html', 'utf-8')
m['Subject'] = 'HTML only'; m['From'] = 'html@corpus.test'; m['To'] = 'support@shop.test'; m['Message-ID'] = '<html-1@corpus.test>'
save('05-html-only.eml', m)

# attachment + inline image (multipart/mixed > related > alternative)
rel = MIMEMultipart('related')
alt = MIMEMultipart('alternative')
alt.attach(MIMEText("The box was damaged, see the photo.", 'plain', 'utf-8'))
alt.attach(MIMEText('<p>The box was damaged, see the photo:</p><img src="cid:photo1@corpus.test">', 'html', 'utf-8'))
rel.attach(alt)
png = base64.b64decode('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==')
img = MIMEImage(png, 'png'); img.add_header('Content-ID', '<photo1@corpus.test>'); img.add_header('Content-Disposition', 'inline', filename='photo.png')
rel.attach(img)
outer = MIMEMultipart('mixed'); outer.attach(rel)
pdf = MIMEBase('application', 'pdf'); pdf.set_payload(b'%PDF-1.4 fake invoice'); encoders.encode_base64(pdf)
pdf.add_header('Content-Disposition', 'attachment', filename=('utf-8', '', 'faktura-żółć.pdf'))
outer.attach(pdf)
outer['Subject'] = 'Damaged parcel'; outer['From'] = 'photo@corpus.test'; outer['To'] = 'support@shop.test'; outer['Message-ID'] = '<attach-1@corpus.test>'
save('06-attachments-inline.eml', outer)

# a reply with quoted history
m = MIMEText("Thanks, that helps!\n\nOn Mon, 23 Nov 2026 at 10:00, Shop <support@shop.test> wrote:\n> Your parcel ships today.\n> Regards", 'plain', 'utf-8')
m['Subject'] = 'Re: question'; m['From'] = 'quote@corpus.test'; m['To'] = 'support@shop.test'; m['Message-ID'] = '<quote-1@corpus.test>'
save('07-quoted-reply.eml', m)

# out-of-office auto-reply
m = MIMEText("I am out of the office until Monday.", 'plain', 'utf-8')
m['Subject'] = 'Automatic reply: We received your message'; m['From'] = 'ooo@corpus.test'; m['To'] = 'support@shop.test'
m['Message-ID'] = '<ooo-1@corpus.test>'; m['Auto-Submitted'] = 'auto-replied'
save('08-auto-reply.eml', m)

# bounce (delivery status report) of a message whose id the test fills in
rep = MIMEMultipart('report', report_type='delivery-status')
rep.attach(MIMEText("This is the mail system at host mx.corpus.test.\n\nYour message could not be delivered.", 'plain', 'utf-8'))
ds = MIMEText("Reporting-MTA: dns; mx.corpus.test\n\nFinal-Recipient: rfc822; gone@corpus.test\nAction: failed\nStatus: 5.1.1\n", 'plain', 'us-ascii')
ds.replace_header('Content-Type', 'text/plain; charset="us-ascii"'); rep.attach(ds)
rep.attach(MIMEText("Message-ID: <ORIGINAL-ID-PLACEHOLDER>\nSubject: Re: something\n", 'rfc822-headers', 'us-ascii'))
rep['Subject'] = 'Undelivered Mail Returned to Sender'; rep['From'] = 'MAILER-DAEMON@mx.corpus.test (Mail Delivery System)'
rep['To'] = 'support@shop.test'; rep['Message-ID'] = '<bounce-1@corpus.test>'
save('09-bounce.eml', rep)

# bulk newsletter
m = MIMEText("Our autumn newsletter!", 'plain', 'utf-8')
m['Subject'] = 'Newsletter'; m['From'] = 'news@corpus.test'; m['To'] = 'support@shop.test'; m['Message-ID'] = '<bulk-1@corpus.test>'; m['Precedence'] = 'bulk'
save('10-bulk.eml', m)

# no Message-ID at all
m = MIMEText("A message without a Message-ID header.", 'plain', 'utf-8')
m['Subject'] = 'No id'; m['From'] = 'noid@corpus.test'; m['To'] = 'support@shop.test'
save('11-no-message-id.eml', m)
