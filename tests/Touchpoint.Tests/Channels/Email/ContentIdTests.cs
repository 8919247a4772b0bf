using System.Text;
using MimeKit;
using Touchpoint.Features.Channels.Email;

namespace Touchpoint.Tests.Channels.Email;

/// <summary>Which Content-IDs an inline image may have (RFC 2392 msg-id), and what happens to a part whose id is not one.</summary>
public sealed class ContentIdTests
{
    [Theory]
    [InlineData("photo1@corpus.test")]
    [InlineData("image001.png@01D9A1B2.C3D4E5F0")]
    [InlineData("part1.06090408.01060107@example.com")]
    [InlineData("ii_lq3v1x0p0")]
    [InlineData("a+b=c/d?e^f_g{h|i}~j!k#l$m%n&o*p-q@x.y")]
    [InlineData("logo@[192.168.0.1]")]
    public void Plain_msg_ids_are_valid(string id) => Assert.True(ContentIds.IsValid(id), id);

    [Theory]
    [InlineData("X\"")]
    [InlineData("x\" onerror=\"alert(1)")]
    [InlineData("a'b@c")]
    [InlineData("a`b@c")]
    [InlineData("a b@c")]
    [InlineData("a\tb@c")]
    [InlineData("<a@b>")]
    [InlineData("a>b@c")]
    [InlineData("\"quoted\"@x")]
    [InlineData("фото@x")]
    [InlineData("a@b@c")]
    [InlineData(".a@b")]
    [InlineData("a..b@c")]
    [InlineData("a@")]
    [InlineData("@b")]
    [InlineData("a@[1\"]")]
    [InlineData("a\u0000@b")]
    [InlineData("")]
    public void Anything_else_is_not(string id) => Assert.False(ContentIds.IsValid(id), id);

    [Fact]
    public void Ids_longer_than_the_column_are_not_valid() =>
        Assert.False(ContentIds.IsValid(new string('a', 240) + "@example.com"));

    [Theory]
    [InlineData("<photo1@corpus.test>", "photo1@corpus.test")]
    [InlineData("  <photo1@corpus.test> ", "photo1@corpus.test")]
    [InlineData("ii_abc123", "ii_abc123")]
    [InlineData("<X\">", null)]
    [InlineData("<a b@c>", null)]
    [InlineData("<>", null)]
    [InlineData(null, null)]
    public void The_header_gives_the_id_or_nothing(string? header, string? id) => Assert.Equal(id, ContentIds.FromHeader(header));

    [Fact]
    public void A_part_with_an_invalid_content_id_is_a_plain_attachment()
    {
        var raw = """
            From: a@example.com
            To: support@shop.test
            Subject: Photos
            Message-ID: <cid-test@example.com>
            MIME-Version: 1.0
            Content-Type: multipart/related; boundary="b"

            --b
            Content-Type: text/html; charset=utf-8

            <p>See</p><img src="cid:good@example.com"><img src="cid:X" alt="x onerror=alert(1)">
            --b
            Content-Type: image/png
            Content-ID: <good@example.com>
            Content-Transfer-Encoding: base64

            iVBORw0KGgo=
            --b
            Content-Type: image/png
            Content-ID: <X">
            Content-Transfer-Encoding: base64

            iVBORw0KGgo=
            --b--
            """.ReplaceLineEndings("\r\n");
        using var message = MimeMessage.Load(new MemoryStream(Encoding.ASCII.GetBytes(raw)), TestContext.Current.CancellationToken);
        var mail = InboundMailReader.Read(message);
        Assert.Equal(2, mail.Attachments.Count);
        var good = mail.Attachments[0];
        Assert.Equal("good@example.com", good.ContentId);
        Assert.True(good.Inline);
        var bad = mail.Attachments[1];
        Assert.Null(bad.ContentId);
        Assert.False(bad.Inline);
        Assert.Equal("attachment", bad.FileName);
    }
}
