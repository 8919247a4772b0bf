using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Touchpoint.Features.Conversations;
using Touchpoint.Platform.Outbox;
using Touchpoint.Platform.Persistence;
using Touchpoint.Tests.Infrastructure;

namespace Touchpoint.Tests.Channels.Email;

/// <summary>Real-world mail pushed as raw MIME: each sample of the corpus with the result it must give.</summary>
public abstract class EmailCorpusTests(TouchpointApp fixture)
{
    private TouchpointApp App => fixture.Ready();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A corpus file made unique per test (its Message-ID and sender), so tests do not see each other's mail.</summary>
    private static byte[] Sample(string file, string tag, Func<string, string>? edit = null)
    {
        var raw = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Channels", "Email", "Corpus", file), Encoding.Latin1);
        raw = raw.Replace("@corpus.test", $"@{tag}.corpus.test", StringComparison.Ordinal);
        return Encoding.Latin1.GetBytes(edit is null ? raw : edit(raw));
    }

    private static async Task<(HttpStatusCode Status, JsonNode? Body)> PushAsync(HttpClient api, byte[] raw)
    {
        using var content = new ByteArrayContent(raw);
        content.Headers.ContentType = new MediaTypeHeaderValue("message/rfc822");
        var response = await api.PostAsync("/api/v1/channels/email/inbound", content, Ct);
        return (response.StatusCode, await Api.ReadAsync(response));
    }

    private static async Task<JsonNode> ConversationAsync(HttpClient api, long number) =>
        (await Api.ReadAsync(await api.GetAsync($"/api/v1/conversations/{number}", Ct)))!;

    private async Task<List<string>> MailKindsAsync(long number)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TouchpointDb>();
        var id = await db.Set<Conversation>().Where(c => c.Number == number).Select(c => c.Id).SingleAsync(Ct);
        return await db.Set<OutboxMessage>().Where(m => m.SubjectId == id && m.Channel == "email").Select(m => m.Kind).ToListAsync(Ct);
    }

    private static string Tag() => Guid.NewGuid().ToString("N")[..12];

    [Theory]
    [InlineData("01-koi8r-qp.eml", "Вопрос по заказу", "Где мой заказ? Жду уже неделю.", "Ольга Петрова")]
    [InlineData("02-cp1251-base64.eml", "Оплата не прошла?", "Оплатил картой, но статус не изменился.", "ivan@")]
    [InlineData("03-iso88592.eml", "Zwrot towaru - żółte buty", "chciałbym zwrócić buty", "lukasz@")]
    public async Task Charsets_and_transfer_encodings_are_read(string file, string subject, string text, string author)
    {
        var api = await App.ApiClientAsync();
        var (status, landed) = await PushAsync(api, Sample(file, Tag()));
        Assert.Equal(HttpStatusCode.Created, status);
        var c = await ConversationAsync(api, landed!["number"]!.GetValue<long>());
        Assert.Equal(subject, c["subject"]!.GetValue<string>());
        Assert.Equal("email", c["channel"]!.GetValue<string>());
        Assert.Contains(text, c["messages"]![0]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.StartsWith(author, c["messages"]![0]!["author"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(["conversation.received"], await MailKindsAsync(c["number"]!.GetValue<long>()));
    }

    /// <summary>
    /// East Asian mail, written here in its own charset: an RFC 2047 subject and sender name, and the body in the
    /// transfer encoding such mail usually has (ISO-2022-JP is 7-bit, so it travels as it is).
    /// </summary>
    [Theory]
    [InlineData("iso-2022-jp", "7bit", "注文についての質問", "まだ届いていません。確認してください。", "山田 花子")]
    [InlineData("shift_jis", "base64", "返品の手続き", "サイズが合わないので返品したいです。", "佐藤 太郎")]
    [InlineData("euc-jp", "8bit", "配送状況", "荷物の追跡番号を教えてください。", "鈴木 一郎")]
    [InlineData("gb2312", "base64", "订单还没有到", "您好，我的订单已经两周了还没有收到。", "王小明")]
    [InlineData("gbk", "quoted-printable", "退货问题", "鞋子的尺码太小了，我想退货。", "李娜")]
    [InlineData("big5", "base64", "訂單查詢", "請問我的訂單什麼時候出貨？", "陳大文")]
    [InlineData("euc-kr", "base64", "주문 문의", "안녕하세요, 주문한 상품이 아직 도착하지 않았습니다.", "김민수")]
    public async Task East_asian_charsets_are_decoded(string charset, string transfer, string subject, string body, string name)
    {
        var api = await App.ApiClientAsync();
        var tag = Tag();
        var encoding = Encoding.GetEncoding(charset);
        var bytes = encoding.GetBytes(body);
        var content = transfer switch
        {
            "base64" => Convert.ToBase64String(bytes),
            "quoted-printable" => string.Concat(bytes.Select(b => $"={b:X2}")).Chunk(72).Select(c => new string(c) + "=").Aggregate((a, b) => a + "\r\n" + b),
            _ => Encoding.Latin1.GetString(bytes),
        };
        var raw = $"From: =?{charset}?B?{Convert.ToBase64String(encoding.GetBytes(name))}?= <east@{tag}.corpus.test>\r\n" +
                  $"To: support@shop.test\r\nSubject: =?{charset}?B?{Convert.ToBase64String(encoding.GetBytes(subject))}?=\r\n" +
                  $"Message-ID: <{charset}-{tag}@corpus.test>\r\nMIME-Version: 1.0\r\n" +
                  $"Content-Type: text/plain; charset=\"{charset}\"\r\nContent-Transfer-Encoding: {transfer}\r\n\r\n{content}\r\n";
        var (status, landed) = await PushAsync(api, Encoding.Latin1.GetBytes(raw));
        Assert.Equal(HttpStatusCode.Created, status);
        var c = await ConversationAsync(api, landed!["number"]!.GetValue<long>());
        Assert.Equal(subject, c["subject"]!.GetValue<string>());
        Assert.Equal(body, c["messages"]![0]!["text"]!.GetValue<string>());
        Assert.Equal(name, c["messages"]![0]!["author"]!.GetValue<string>());
    }

    [Fact]
    public async Task Unencoded_iso_2022_jp_in_headers_is_decoded()
    {
        var api = await App.ApiClientAsync();
        var tag = Tag();
        // Old Japanese mailers send the JIS bytes as they are, without RFC 2047 and without a charset on the body.
        var jis = Encoding.GetEncoding("iso-2022-jp");
        var raw = $"From: jis@{tag}.corpus.test\r\nTo: support@shop.test\r\nSubject: {Encoding.ASCII.GetString(jis.GetBytes("日本語のメール"))}\r\n" +
                  $"Message-ID: <jis-raw-{tag}@corpus.test>\r\n\r\n{Encoding.ASCII.GetString(jis.GetBytes("よろしくお願いします。"))}\r\n";
        var (_, landed) = await PushAsync(api, Encoding.ASCII.GetBytes(raw));
        var c = await ConversationAsync(api, landed!["number"]!.GetValue<long>());
        Assert.Equal("日本語のメール", c["subject"]!.GetValue<string>());
        Assert.Equal("よろしくお願いします。", c["messages"]![0]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task Html_is_sanitized_and_the_text_part_is_kept()
    {
        var api = await App.ApiClientAsync();
        var (_, landed) = await PushAsync(api, Sample("04-alternative-html.eml", Tag()));
        var m = (await ConversationAsync(api, landed!["number"]!.GetValue<long>()))["messages"]![0]!;
        Assert.Equal("Is size 42 true to size?", m["text"]!.GetValue<string>());
        var html = m["html"]!.GetValue<string>();
        Assert.Contains("<b>42</b>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onclick", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("Anna Nowak", m["author"]!.GetValue<string>());
    }

    [Fact]
    public async Task Html_only_mail_gets_a_readable_text()
    {
        var api = await App.ApiClientAsync();
        var (_, landed) = await PushAsync(api, Sample("05-html-only.eml", Tag()));
        var m = (await ConversationAsync(api, landed!["number"]!.GetValue<long>()))["messages"]![0]!;
        Assert.Equal("Hello,\nmy order has not arrived.\nThanks", m["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task Attachments_and_inline_images_are_stored_and_downloadable()
    {
        var api = await App.ApiClientAsync();
        var (_, landed) = await PushAsync(api, Sample("06-attachments-inline.eml", Tag()));
        var number = landed!["number"]!.GetValue<long>();
        var m = (await ConversationAsync(api, number))["messages"]![0]!;
        Assert.Equal("The box was damaged, see the photo.", m["text"]!.GetValue<string>());
        var files = m["attachments"]!.AsArray();
        Assert.Equal(2, files.Count);
        var photo = files.Single(f => f!["inline"]!.GetValue<bool>())!;
        Assert.Equal("image/png", photo["contentType"]!.GetValue<string>());
        Assert.StartsWith("photo1@", photo["contentId"]!.GetValue<string>(), StringComparison.Ordinal);
        var pdf = files.Single(f => !f!["inline"]!.GetValue<bool>())!;
        Assert.Equal("faktura-żółć.pdf", pdf["fileName"]!.GetValue<string>());
        var download = await api.GetAsync(pdf["url"]!.GetValue<string>(), Ct);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/octet-stream", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("%PDF-1.4 fake invoice", await download.Content.ReadAsStringAsync(Ct));
        // An attachment is only reachable through its own conversation.
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/v1/conversations/{number + 100000}/attachments/{pdf["id"]}", Ct)).StatusCode);
    }

    [Fact]
    public async Task Quoted_history_is_kept_in_full_and_marked_for_folding()
    {
        var api = await App.ApiClientAsync();
        var (_, landed) = await PushAsync(api, Sample("07-quoted-reply.eml", Tag()));
        var m = (await ConversationAsync(api, landed!["number"]!.GetValue<long>()))["messages"]![0]!;
        var text = m["text"]!.GetValue<string>();
        var fold = m["quoteStart"]!.GetValue<int>();
        Assert.Equal("Thanks, that helps!", text[..fold].Trim());
        Assert.Contains("> Your parcel ships today.", text[fold..], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_message_twice_lands_once_with_the_same_answer()
    {
        var api = await App.ApiClientAsync();
        var raw = Sample("01-koi8r-qp.eml", Tag());
        var first = await PushAsync(api, raw);
        var second = await PushAsync(api, raw);
        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.Equal(HttpStatusCode.OK, second.Status);
        Assert.True(second.Body!["duplicate"]!.GetValue<bool>());
        Assert.Equal(first.Body!["number"]!.GetValue<long>(), second.Body["number"]!.GetValue<long>());
        Assert.Single((await ConversationAsync(api, first.Body["number"]!.GetValue<long>()))["messages"]!.AsArray());

        // Without a Message-ID the bytes are the key.
        var noId = Sample("11-no-message-id.eml", Tag());
        var a = await PushAsync(api, noId);
        var b = await PushAsync(api, noId);
        Assert.Equal(a.Body!["number"]!.GetValue<long>(), b.Body!["number"]!.GetValue<long>());
        Assert.True(b.Body["duplicate"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Auto_replies_bounces_and_bulk_mail_never_get_an_acknowledgement()
    {
        var api = await App.ApiClientAsync();
        var tag = Tag();
        // A customer's conversation and our reply in it.
        var (_, landed) = await PushAsync(api, Sample("07-quoted-reply.eml", tag));
        var number = landed!["number"]!.GetValue<long>();
        var reply = await api.PostAsJsonAsync($"/api/v1/conversations/{number}/messages", new { type = "reply", body = "Glad to help." }, Ct);
        var replyId = (await Api.ReadAsync(reply))!["messageId"]!.GetValue<string>();
        await api.PatchAsJsonAsync($"/api/v1/conversations/{number}", new { status = "resolved" }, Ct);

        // The customer's out-of-office answers our reply: a note on that conversation, which stays resolved.
        var ooo = Sample("08-auto-reply.eml", tag, r => r.Replace("From: ooo@", "In-Reply-To: <" + replyId + ">\nFrom: quote@", StringComparison.Ordinal));
        var (oooStatus, oooLanded) = await PushAsync(api, ooo);
        Assert.Equal(HttpStatusCode.OK, oooStatus);
        Assert.Equal(number, oooLanded!["number"]!.GetValue<long>());
        var c = await ConversationAsync(api, number);
        Assert.Equal("resolved", c["status"]!.GetValue<string>());
        Assert.Equal("note", c["messages"]!.AsArray().Last()!["type"]!.GetValue<string>());

        // The bounce of our reply: also a note there, no customer created for the mailer daemon.
        var bounce = Sample("09-bounce.eml", tag, r => r.Replace("ORIGINAL-ID-PLACEHOLDER", replyId, StringComparison.Ordinal));
        var (_, bounceLanded) = await PushAsync(api, bounce);
        Assert.Equal(number, bounceLanded!["number"]!.GetValue<long>());
        Assert.Equal(["conversation.received", "conversation.reply"], (await MailKindsAsync(number)).Order());

        // Automatic mail that answers nothing is ignored: no conversation, no mail back.
        var (_, strayOoo) = await PushAsync(api, Sample("08-auto-reply.eml", Tag()));
        Assert.True(strayOoo!["ignored"]!.GetValue<bool>());
        Assert.Null(strayOoo["number"]);
        var (_, bulk) = await PushAsync(api, Sample("10-bulk.eml", Tag()));
        Assert.True(bulk!["ignored"]!.GetValue<bool>());
        var customers = await api.GetFromJsonAsync<ConversationPage>($"/api/v1/conversations?customer=news@{tag}.corpus.test", Ct);
        Assert.Empty(customers!.Items);
    }

    [Fact]
    public async Task Threading_by_reference_by_number_and_never_into_a_strangers_conversation()
    {
        var api = await App.ApiClientAsync();
        var tag = Tag();
        var (_, landed) = await PushAsync(api, Sample("04-alternative-html.eml", tag));
        var number = landed!["number"]!.GetValue<long>();
        var reply = await api.PostAsJsonAsync($"/api/v1/conversations/{number}/messages", new { type = "reply", body = "Yes, it is." }, Ct);
        var replyId = (await Api.ReadAsync(reply))!["messageId"]!.GetValue<string>();
        await api.PatchAsJsonAsync($"/api/v1/conversations/{number}", new { status = "pending" }, Ct);

        // 1. In-Reply-To our reply.
        var answer = Sample("04-alternative-html.eml", tag, r => r.Replace("Message-ID: <alt-1@", $"In-Reply-To: <{replyId}>\nMessage-ID: <alt-2@", StringComparison.Ordinal));
        var (status1, byRef) = await PushAsync(api, answer);
        Assert.Equal(HttpStatusCode.OK, status1);
        Assert.Equal(number, byRef!["number"]!.GetValue<long>());
        Assert.Equal("open", (await ConversationAsync(api, number))["status"]!.GetValue<string>());

        // 2. [#number] in the subject, from the same customer.
        var tagged = Sample("04-alternative-html.eml", tag, r => r.Replace("Message-ID: <alt-1@", "Message-ID: <alt-3@", StringComparison.Ordinal)
            .Replace("Subject: Question about size", $"Subject: Again [#{number}]", StringComparison.Ordinal));
        Assert.Equal(number, (await PushAsync(api, tagged)).Body!["number"]!.GetValue<long>());

        // 3. The same [#number] from someone else starts a new conversation.
        var stranger = Sample("04-alternative-html.eml", Tag(), r => r.Replace("Subject: Question about size", $"Subject: Peek [#{number}]", StringComparison.Ordinal));
        var (status3, other) = await PushAsync(api, stranger);
        Assert.Equal(HttpStatusCode.Created, status3);
        Assert.NotEqual(number, other!["number"]!.GetValue<long>());
        Assert.Equal(3, (await ConversationAsync(api, number))["messages"]!.AsArray().Count(m => m!["type"]!.GetValue<string>() == "inbound"));

        // 4. After closed, the customer's answer starts a follow-up that points back.
        await api.PatchAsJsonAsync($"/api/v1/conversations/{number}", new { status = "closed" }, Ct);
        var late = Sample("04-alternative-html.eml", tag, r => r.Replace("Message-ID: <alt-1@", $"In-Reply-To: <{replyId}>\nMessage-ID: <alt-4@", StringComparison.Ordinal));
        var (status4, followUp) = await PushAsync(api, late);
        Assert.Equal(HttpStatusCode.Created, status4);
        Assert.Equal(number, (await ConversationAsync(api, followUp!["number"]!.GetValue<long>()))["followUpOf"]!.GetValue<long>());
    }

    [Fact]
    public async Task Oversized_and_unreadable_mail_is_refused_and_nothing_is_stored()
    {
        _ = App;
        await using var small = new TouchpointApp(fixture.Provider).With("Touchpoint:Email:MaxMessageBytes", "200000");
        await small.InitializeAsync();
        var api = await small.ApiClientAsync();
        var big = Sample("06-attachments-inline.eml", Tag(), r => r.Replace("JVBERi0xLjQgZmFrZSBpbnZvaWNl", string.Concat(Enumerable.Repeat("QUFBQUFBQUFBQUFB\n", 20000)), StringComparison.Ordinal));
        var (status, problem) = await PushAsync(api, big);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Contains("limit", problem!["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        var (badStatus, _) = await PushAsync(api, Encoding.ASCII.GetBytes("this is not a mail at all"));
        Assert.Equal(HttpStatusCode.BadRequest, badStatus);
        using var json = new StringContent("{}", Encoding.UTF8, "application/json");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await api.PostAsync("/api/v1/channels/email/inbound", json, Ct)).StatusCode);
        var list = await api.GetFromJsonAsync<ConversationPage>("/api/v1/conversations", Ct);
        Assert.Empty(list!.Items);
        using var anonymous = small.CreateClient();
        using var content = new ByteArrayContent(Sample("01-koi8r-qp.eml", Tag()));
        content.Headers.ContentType = new MediaTypeHeaderValue("message/rfc822");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/api/v1/channels/email/inbound", content, Ct)).StatusCode);
    }

    [Fact]
    public async Task Replies_arriving_at_the_same_moment_all_land_in_the_conversation()
    {
        var api = await App.ApiClientAsync();
        var tag = Tag();
        var (_, landed) = await PushAsync(api, Sample("04-alternative-html.eml", tag));
        var number = landed!["number"]!.GetValue<long>();
        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => PushAsync(api, Sample("04-alternative-html.eml", tag,
            r => r.Replace("Message-ID: <alt-1@", $"In-Reply-To: <alt-1@{tag}.corpus.test>\nMessage-ID: <alt-burst-{i}@", StringComparison.Ordinal)))));
        Assert.All(results, r => Assert.Equal(HttpStatusCode.OK, r.Status));
        Assert.All(results, r => Assert.Equal(number, r.Body!["number"]!.GetValue<long>()));
        Assert.Equal(7, (await ConversationAsync(api, number))["messages"]!.AsArray().Count);
    }

    [Fact]
    public async Task An_order_number_in_the_subject_links_the_senders_own_order()
    {
        var api = await App.ApiClientAsync();
        var tag = Tag();
        var order = Api.NewNumber("E");
        await api.PutOrderAsync(order, Api.Order(email: $"anna@{tag}.corpus.test"));
        var raw = Sample("04-alternative-html.eml", tag, r => r.Replace("Subject: Question about size", $"Subject: Order {order}", StringComparison.Ordinal));
        var (_, landed) = await PushAsync(api, raw);
        var c = await ConversationAsync(api, landed!["number"]!.GetValue<long>());
        Assert.Equal([order], c["orders"]!.AsArray().Select(o => o!["number"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_follow_up_by_number_naming_the_linked_order_again_lands_and_keeps_one_link()
    {
        var api = await App.ApiClientAsync();
        var tag = Tag();
        var order = Api.NewNumber("E");
        await api.PutOrderAsync(order, Api.Order(email: $"anna@{tag}.corpus.test"));
        var first = Sample("04-alternative-html.eml", tag, r => r.Replace("Subject: Question about size", $"Subject: Order {order}", StringComparison.Ordinal));
        var (_, landed) = await PushAsync(api, first);
        var number = landed!["number"]!.GetValue<long>();
        var again = Sample("04-alternative-html.eml", tag, r => r
            .Replace("Subject: Question about size", $"Subject: Order {order} again [#{number}]", StringComparison.Ordinal)
            .Replace("Message-ID: <", "Message-ID: <again-", StringComparison.Ordinal));
        var (status, followUp) = await PushAsync(api, again);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(number, followUp!["number"]!.GetValue<long>());
        var c = await ConversationAsync(api, number);
        Assert.Equal(2, c["messages"]!.AsArray().Count);
        Assert.Equal([order], c["orders"]!.AsArray().Select(o => o!["number"]!.GetValue<string>()));
    }
}

public sealed class EmailCorpusSqliteTests(SqliteApp app) : EmailCorpusTests(app), IClassFixture<SqliteApp>;

public sealed class EmailCorpusPostgresTests(PostgresApp app) : EmailCorpusTests(app), IClassFixture<PostgresApp>;
