using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

/// <summary>
/// Raw-MIME ingestion: N distinct messages POSTed to /api/v1/channels/email/inbound as message/rfc822. Mixed like a
/// support mailbox: plain UTF-8, koi8-r (base64), iso-8859-2 (quoted-printable), text+HTML alternatives, some with a
/// PDF attachment, and about a fifth are replies (In-Reply-To/References) to an earlier message of the same run.
/// </summary>
static class MimeBench
{
    private sealed record Mail(int Index, string MessageId, string From, string Subject, byte[] Raw, int ReplyTo);

    private static readonly (string Subject, string Body)[] English =
    [
        ("Where is my order {0}?", "Hello,\r\nI ordered a week ago (order {0}) and the status has not changed. When will it arrive?\r\nThanks"),
        ("Return of order {0}", "The shoes from order {0} are too small. How do I send them back?"),
        ("Payment taken twice for {0}", "My bank shows two charges for order {0}. Please refund one."),
    ];

    public static async Task<int> RunAsync(string baseUrl, string key, int count, int connections, Func<string, int, HttpClient> newClient)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        using var http = newClient(baseUrl, connections);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var run = Guid.NewGuid().ToString("N")[..8];
        var random = new Random(12345);
        var attachment = new byte[24 * 1024];
        random.NextBytes(attachment);
        var mails = new Mail[count];
        for (var i = 0; i < count; i++)
        {
            // A fifth are replies to a message at least 200 earlier (long landed with a few connections).
            var replyTo = i >= 400 && random.Next(5) == 0 ? random.Next(0, i - 200) : -1;
            while (replyTo >= 0 && mails[replyTo].ReplyTo >= 0) { replyTo = mails[replyTo].ReplyTo; }
            mails[i] = Build(run, i, replyTo < 0 ? null : mails[replyTo], random, attachment);
        }
        var bytes = mails.Sum(m => (long)m.Raw.Length);

        var statuses = new int[600];
        var numbers = new long[count];
        var created = new bool[count];
        var latencies = new double[count];
        var errors = 0;
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = connections }, async (i, ct) =>
        {
            var start = Stopwatch.GetTimestamp();
            try
            {
                using var content = new ByteArrayContent(mails[i].Raw);
                content.Headers.ContentType = new MediaTypeHeaderValue("message/rfc822");
                using var r = await http.PostAsync("/api/v1/channels/email/inbound", content, ct);
                var body = await r.Content.ReadAsStringAsync(ct);
                latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                Interlocked.Increment(ref statuses[(int)r.StatusCode]);
                if (r.IsSuccessStatusCode && JsonNode.Parse(body) is { } json && json["number"] is { } n)
                {
                    numbers[i] = n.GetValue<long>();
                    created[i] = json["created"]!.GetValue<bool>();
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                Interlocked.Increment(ref errors);
            }
        });
        watch.Stop();
        var sorted = latencies.Order().ToArray();
        var replies = mails.Count(m => m.ReplyTo >= 0);
        var threaded = mails.Count(m => m.ReplyTo >= 0 && numbers[m.Index] != 0 && numbers[m.Index] == numbers[m.ReplyTo] && !created[m.Index]);
        Console.WriteLine($"mime: {count} messages in {watch.Elapsed.TotalSeconds:F1} s = {count / watch.Elapsed.TotalSeconds:F0} messages/s; " +
            $"latency ms p50 {Stats.P(sorted, 50):F2}, p90 {Stats.P(sorted, 90):F2}, p99 {Stats.P(sorted, 99):F2}, max {sorted[^1]:F2}; statuses: {Stats.Codes(statuses)}; errors: {errors}");
        Console.WriteLine($"  {connections} connections, {bytes / count} bytes per message on average ({bytes / 1024 / 1024.0:F1} MiB); " +
            $"{created.Count(c => c)} new conversations, {replies} replies of which {threaded} landed in the conversation they answer");

        // Check a sample through the API: the conversation exists, holds the message (by Message-ID), and a new
        // conversation's subject came through its charset intact.
        var bad = 0;
        var sample = Enumerable.Range(0, count).Where(i => i % Math.Max(1, count / 50) == 0).ToArray();
        foreach (var i in sample)
        {
            var m = mails[i];
            if (numbers[i] == 0) { bad++; continue; }
            var c = JsonNode.Parse(await http.GetStringAsync($"/api/v1/conversations/{numbers[i]}"))!;
            var hasMessage = c["messages"]!.AsArray().Any(x => x!["messageId"]?.GetValue<string>() == m.MessageId);
            var subjectOk = !created[i] || c["subject"]!.GetValue<string>() == m.Subject;
            if (!hasMessage || !subjectOk)
            {
                bad++;
                Console.WriteLine($"  #{numbers[i]}: message {(hasMessage ? "found" : "MISSING")}, subject {(subjectOk ? "ok" : $"'{c["subject"]}' != '{m.Subject}'")}");
            }
        }
        Console.WriteLine($"  verified {sample.Length} messages by GET /api/v1/conversations/{{number}}: {sample.Length - bad} landed intact, {bad} not");
        return bad == 0 && errors == 0 && statuses[200] + statuses[201] == count ? 0 : 1;
    }

    private static Mail Build(string run, int i, Mail? parent, Random random, byte[] attachment)
    {
        var kind = i % 10; // 0-4 utf-8 plain/alternative, 5-6 koi8-r, 7-8 iso-8859-2, 9 with attachment
        var id = $"m{i}.{run}@mime-bench.test";
        var from = parent?.From ?? $"customer{random.Next(100_000)}.{run}@mime-bench.test";
        var order = (100001 + random.Next(100_000)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        string subject, body, charset;
        switch (kind)
        {
            case 5 or 6:
                charset = "koi8-r";
                subject = $"Где мой заказ {order}? ({run}-{i})";
                body = $"Здравствуйте!\r\nЗаказ {order} оформлен неделю назад, статус не меняется. Когда его доставят?\r\n\r\nС уважением,\r\nОльга";
                break;
            case 7 or 8:
                charset = "iso-8859-2";
                subject = $"Zwrot towaru - żółte buty {order} ({run}-{i})";
                body = $"Dzień dobry,\r\nchciałbym zwrócić buty z zamówienia {order}. Jak to zrobić?\r\n\r\nŁukasz Wiśniewski";
                break;
            default:
                charset = "utf-8";
                var (s, b) = English[random.Next(English.Length)];
                subject = string.Format(System.Globalization.CultureInfo.InvariantCulture, s, order) + $" ({run}-{i})";
                body = string.Format(System.Globalization.CultureInfo.InvariantCulture, b, order);
                break;
        }
        if (parent is not null)
        {
            subject = "Re: " + parent.Subject;
            body += "\r\n\r\nOn Mon, 23 Nov 2026 at 10:00, Support wrote:\r\n> Thank you for your message.\r\n> We are looking into it.";
        }
        var encoding = Encoding.GetEncoding(charset);
        var sb = new StringBuilder();
        sb.Append($"From: {EncodedWord("Customer " + i, encoding, charset)} <{from}>\r\n");
        sb.Append("To: support@shop.test\r\n");
        // A reply quotes the parent's subject, which may not fit this message's charset.
        sb.Append($"Subject: {(parent is null ? EncodedWord(subject, encoding, charset) : EncodedWord(subject, Encoding.UTF8, "utf-8"))}\r\n");
        sb.Append($"Message-ID: <{id}>\r\n");
        sb.Append($"Date: {DateTimeOffset.UtcNow.AddSeconds(i - 100_000):r}\r\n".Replace("GMT", "+0000"));
        if (parent is not null)
        {
            sb.Append($"In-Reply-To: <{parent.MessageId}>\r\nReferences: <{parent.MessageId}>\r\n");
        }
        sb.Append("MIME-Version: 1.0\r\n");
        var text = TextPart(body, encoding, charset, kind is 7 or 8);
        if (kind == 9)
        {
            var boundary = $"mixed-{run}-{i}";
            sb.Append($"Content-Type: multipart/mixed; boundary=\"{boundary}\"\r\n\r\n");
            sb.Append($"--{boundary}\r\n{text}\r\n--{boundary}\r\n");
            sb.Append("Content-Type: application/pdf; name=\"invoice.pdf\"\r\nContent-Disposition: attachment; filename=\"invoice.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n");
            var b64 = Convert.ToBase64String(attachment, Base64FormattingOptions.InsertLineBreaks);
            sb.Append(b64).Append("\r\n");
            sb.Append($"--{boundary}--\r\n");
        }
        else if (kind is 1 or 3)
        {
            var boundary = $"alt-{run}-{i}";
            var html = $"<html><body><p>{System.Net.WebUtility.HtmlEncode(body).Replace("\r\n", "<br>")}</p></body></html>";
            sb.Append($"Content-Type: multipart/alternative; boundary=\"{boundary}\"\r\n\r\n");
            sb.Append($"--{boundary}\r\n{text}\r\n--{boundary}\r\n");
            sb.Append($"Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n{Convert.ToBase64String(Encoding.UTF8.GetBytes(html), Base64FormattingOptions.InsertLineBreaks)}\r\n");
            sb.Append($"--{boundary}--\r\n");
        }
        else
        {
            sb.Append(text);
        }
        // Everything above is 7-bit ASCII: the charsets live in the encoded words and transfer encodings.
        return new Mail(i, id, from, subject, Encoding.ASCII.GetBytes(sb.ToString()), parent?.Index ?? -1);
    }

    private static string TextPart(string body, Encoding encoding, string charset, bool quotedPrintable) =>
        quotedPrintable
            ? $"Content-Type: text/plain; charset=\"{charset}\"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n{QuotedPrintable(encoding.GetBytes(body))}\r\n"
            : $"Content-Type: text/plain; charset=\"{charset}\"\r\nContent-Transfer-Encoding: base64\r\n\r\n{Convert.ToBase64String(encoding.GetBytes(body), Base64FormattingOptions.InsertLineBreaks)}\r\n";

    private static string EncodedWord(string text, Encoding encoding, string charset) =>
        text.All(c => c is >= ' ' and < (char)127) ? text : $"=?{charset}?B?{Convert.ToBase64String(encoding.GetBytes(text))}?=";

    private static string QuotedPrintable(byte[] bytes)
    {
        var sb = new StringBuilder();
        var line = 0;
        for (var k = 0; k < bytes.Length; k++)
        {
            var b = bytes[k];
            if (b == '\r' && k + 1 < bytes.Length && bytes[k + 1] == '\n')
            {
                sb.Append("\r\n");
                k++;
                line = 0;
                continue;
            }
            var piece = b is >= 33 and <= 126 and not (byte)'=' || b == ' ' ? ((char)b).ToString() : $"={b:X2}";
            if (line + piece.Length > 73)
            {
                sb.Append("=\r\n");
                line = 0;
            }
            sb.Append(piece);
            line += piece.Length;
        }
        return sb.ToString();
    }
}
