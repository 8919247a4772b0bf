using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Touchpoint.Features.Conversations;
using Touchpoint.Features.Customers;
using Touchpoint.Features.Identity;
using Touchpoint.Features.Orders;
using Touchpoint.Platform.Persistence;
using Touchpoint.Tests.Infrastructure;

namespace Touchpoint.Tests.Customers;

public abstract partial class CustomersApiTests(TouchpointApp fixture)
{
    private TouchpointApp App => fixture.Ready();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string NewEmail(string prefix = "c") => $"{prefix}-{Guid.NewGuid():N}@example.com";

    private static async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(HttpClient api, HttpMethod method, string url, object? body = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body, options: Api.Json) };
        var response = await api.SendAsync(request, Ct);
        return (response.StatusCode, await Api.ReadAsync(response));
    }

    private static async Task<Guid> CreateCustomerAsync(HttpClient api, params string[] emails)
    {
        var (status, body) = await SendAsync(api, HttpMethod.Post, "/api/v1/customers", new { emails, name = "Jan Kowalski" });
        Assert.Equal(HttpStatusCode.Created, status);
        return Guid.Parse(body!["id"]!.GetValue<string>());
    }

    private static async Task<JsonNode> GetCustomerAsync(HttpClient api, Guid id)
    {
        var (status, body) = await SendAsync(api, HttpMethod.Get, $"/api/v1/customers/{id}");
        Assert.Equal(HttpStatusCode.OK, status);
        return body!;
    }

    private static async Task<long> CreateConversationAsync(HttpClient api, string email, string body)
    {
        var (status, created) = await SendAsync(api, HttpMethod.Post, "/api/v1/conversations",
            new { customer = new { email, name = "Jan Kowalski" }, subject = "Where is my order?", body, acknowledge = false });
        Assert.Equal(HttpStatusCode.Created, status);
        return created!["number"]!.GetValue<long>();
    }

    private async Task<string> CreateUserAsync(string role)
    {
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@shop.test";
        var user = await App.InScopeAsync<UserAdmin, UserResponse?>(async u => (await u.CreateAsync(new CreateUserRequest(email, "Secret-2026", role, $"{role} Person", "en"), Ct)).User);
        Assert.NotNull(user);
        return email;
    }


    [Fact]
    public async Task Create_get_and_patch_normalize_contacts_and_change_only_what_is_sent()
    {
        var api = await App.ApiClientAsync();
        var manager = await CreateUserAsync("Agent");
        var primary = NewEmail();
        var (status, created) = await SendAsync(api, HttpMethod.Post, "/api/v1/customers", new
        {
            name = "Olga Petrova", emails = new[] { primary.ToUpperInvariant(), " Second." + primary + " " }, phones = new[] { "600 100 200", "+7 (912) 345-67-89" },
            language = "ru", tags = new[] { "VIP Client", "wholesale", "vip-client" }, notes = "Prefers calls after 18:00.", accountManager = manager,
            openness = "open", confidence = "unsure", styleNotes = "Talks about her shop a lot.",
        });
        Assert.Equal(HttpStatusCode.Created, status);
        var id = created!["id"]!.GetValue<string>();
        var c = await GetCustomerAsync(api, Guid.Parse(id));
        Assert.Equal(primary, c["email"]!.GetValue<string>());
        Assert.Equal([primary, "second." + primary], c["emails"]!.AsArray().Select(e => e!.GetValue<string>()));
        // A number without a country code is the store's country's (PL by default).
        Assert.Equal(["+48600100200", "+79123456789"], c["phones"]!.AsArray().Select(e => e!.GetValue<string>()));
        Assert.Equal(["vip-client", "wholesale"], c["tags"]!.AsArray().Select(e => e!.GetValue<string>()));
        Assert.Equal(manager, c["accountManager"]!["email"]!.GetValue<string>());
        Assert.Equal("open", c["style"]!["openness"]!.GetValue<string>());
        Assert.Equal("unsure", c["style"]!["confidence"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(c["style"]!["approach"]!.GetValue<string>()));
        Assert.NotEqual("Ui.Style.Approach.open.unsure", c["style"]!["approach"]!.GetValue<string>());

        var (patchStatus, patched) = await SendAsync(api, HttpMethod.Patch, $"/api/v1/customers/{id}",
            new { phones = new[] { "+48 600-100-200" }, accountManager = (string?)null, confidence = "confident" });
        Assert.Equal(HttpStatusCode.OK, patchStatus);
        Assert.Equal(["+48600100200"], patched!["phones"]!.AsArray().Select(e => e!.GetValue<string>()));
        Assert.Null(patched["accountManager"]);
        Assert.Equal("confident", patched["style"]!["confidence"]!.GetValue<string>());
        // Not sent, not changed.
        Assert.Equal("Olga Petrova", patched["name"]!.GetValue<string>());
        Assert.Equal("open", patched["style"]!["openness"]!.GetValue<string>());
        Assert.Equal(2, patched["emails"]!.AsArray().Count);
        Assert.Equal("Prefers calls after 18:00.", patched["notes"]!.GetValue<string>());
        var kinds = patched["history"]!.AsArray().Select(h => h!["kind"]!.GetValue<string>()).ToList();
        Assert.Contains("phones", kinds);
        Assert.Contains("accountManager", kinds);
    }

    [Fact]
    public async Task Bad_input_gets_problem_details_and_changes_nothing()
    {
        var api = await App.ApiClientAsync();
        var (status, problem) = await SendAsync(api, HttpMethod.Post, "/api/v1/customers", new
        {
            emails = new[] { "not-an-email" }, phones = new[] { "12" }, language = "de", tags = new[] { "!!" }, accountManager = "nobody@shop.test",
            openness = "friendly", confidence = "Confident", color = "red",
        });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["color"], problem!["errors"]!.AsObject().Select(e => e.Key));
        (status, problem) = await SendAsync(api, HttpMethod.Post, "/api/v1/customers", new
        {
            emails = new[] { "not-an-email" }, phones = new[] { "12" }, language = "de", tags = new[] { "!!" }, openness = "friendly", confidence = "Confident",
        });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["confidence", "emails[0]", "language", "openness", "phones[0]", "tags[0]"], problem!["errors"]!.AsObject().Select(e => e.Key).Order());
        Assert.Contains("not a valid phone number", problem["errors"]!["phones[0]"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(api, HttpMethod.Post, "/api/v1/customers", new { name = "No email" })).Status);

        var id = await CreateCustomerAsync(api, NewEmail());
        (status, problem) = await SendAsync(api, HttpMethod.Patch, $"/api/v1/customers/{id}", new { accountManager = "nobody@shop.test" });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["accountManager"], problem!["errors"]!.AsObject().Select(e => e.Key));
        (status, problem) = await SendAsync(api, HttpMethod.Patch, $"/api/v1/customers/{id}", new { name = 5, emails = new object[] { 1 }, phones = new[] { "+48 123" }, vip = true });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["emails", "name", "vip"], problem!["errors"]!.AsObject().Select(e => e.Key).Order());
        (status, _) = await SendAsync(api, HttpMethod.Patch, $"/api/v1/customers/{id}", new { emails = Array.Empty<string>() });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        (status, _) = await SendAsync(api, HttpMethod.Patch, $"/api/v1/customers/{id}", new[] { 1, 2 });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        (status, _) = await SendAsync(api, HttpMethod.Post, $"/api/v1/customers/{id}/notes", new { text = "  " });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        (status, _) = await SendAsync(api, HttpMethod.Post, $"/api/v1/customers/{id}/merge", new { duplicate = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        (status, _) = await SendAsync(api, HttpMethod.Post, $"/api/v1/customers/{id}/merge", new { duplicate = id });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        (status, _) = await SendAsync(api, HttpMethod.Post, $"/api/v1/customers/{id}/merge", new { duplicate = Guid.NewGuid() });
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(api, HttpMethod.Get, "/api/v1/customers?phone=abc&pageSize=0&email=x")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(api, HttpMethod.Get, $"/api/v1/customers/{Guid.NewGuid()}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(api, HttpMethod.Patch, $"/api/v1/customers/{Guid.NewGuid()}", new { name = "X" })).Status);

        var unchanged = await GetCustomerAsync(api, id);
        Assert.Equal("Jan Kowalski", unchanged["name"]!.GetValue<string>());
        Assert.Empty(unchanged["phones"]!.AsArray());

        using var anonymous = App.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/customers", Ct)).StatusCode);
    }

    [Fact]
    public async Task An_address_of_another_customer_is_a_conflict()
    {
        var api = await App.ApiClientAsync();
        var taken = NewEmail();
        var other = NewEmail();
        var owner = await CreateCustomerAsync(api, taken, other);
        var (status, problem) = await SendAsync(api, HttpMethod.Post, "/api/v1/customers", new { emails = new[] { other } });
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains(owner.ToString(), problem!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        var second = await CreateCustomerAsync(api, NewEmail());
        (status, problem) = await SendAsync(api, HttpMethod.Patch, $"/api/v1/customers/{second}", new { emails = new[] { NewEmail(), taken } });
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains(owner.ToString(), problem!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        // Its own addresses in another order are fine: the first becomes the primary.
        (status, var swapped) = await SendAsync(api, HttpMethod.Patch, $"/api/v1/customers/{owner}", new { emails = new[] { other, taken } });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(other, swapped!["email"]!.GetValue<string>());
    }

    [Fact]
    public async Task Search_finds_by_any_email_phone_tag_and_text_and_orders_find_the_customer_by_a_further_email()
    {
        var api = await App.ApiClientAsync();
        var primary = NewEmail();
        var further = NewEmail("alias");
        var tag = $"t{Guid.NewGuid():N}"[..20];
        var id = await CreateCustomerAsync(api, primary, further);
        var national = $"60{Random.Shared.Next(1_000_000, 9_999_999)}";
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(api, HttpMethod.Patch, $"/api/v1/customers/{id}", new { phones = new[] { "+44 20 7946 0958", national }, tags = new[] { tag } })).Status);

        async Task<List<Guid>> FindAsync(string query) =>
            (await api.GetFromJsonAsync<CustomerPage>($"/api/v1/customers?{query}", Api.Json, Ct))!.Items.Select(i => i.Id).ToList();

        Assert.Equal([id], await FindAsync($"email={Uri.EscapeDataString(further.ToUpperInvariant())}"));
        Assert.Equal([id], await FindAsync($"phone={Uri.EscapeDataString("+48 " + national)}"));
        Assert.Equal([id], await FindAsync($"phone={national}"));
        Assert.Equal([id], await FindAsync($"tag={tag.ToUpperInvariant()}"));
        Assert.Equal([id], await FindAsync($"q={Uri.EscapeDataString(further[..20])}"));
        Assert.Empty(await FindAsync($"email={NewEmail()}"));

        // The store writes with the further address: the same customer, not a new one.
        var number = Api.NewNumber("C");
        await api.PutOrderAsync(number, Api.Order(email: further));
        var conversation = await CreateConversationAsync(api, further, "Hello");
        var c = await GetCustomerAsync(api, id);
        Assert.Equal([number], c["orders"]!.AsArray().Select(o => o!["reference"]!.GetValue<string>()));
        Assert.Equal([conversation.ToString(System.Globalization.CultureInfo.InvariantCulture)], c["conversations"]!.AsArray().Select(o => o!["reference"]!.GetValue<string>()));
        // The order's phone is kept beside the others, in E.164.
        Assert.Contains("+48600100200", c["phones"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Empty(await FindAsync($"email={Uri.EscapeDataString(NewEmail())}"));
    }

    [Fact]
    public async Task Notes_make_a_timeline_with_author_and_time()
    {
        var api = await App.ApiClientAsync("crm-notes");
        var id = await CreateCustomerAsync(api, NewEmail());
        var (status, note) = await SendAsync(api, HttpMethod.Post, $"/api/v1/customers/{id}/notes", new { text = "Asked for a discount." });
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("api:crm-notes", note!["author"]!.GetValue<string>());
        App.Clock.Advance(TimeSpan.FromMinutes(5));
        await SendAsync(api, HttpMethod.Post, $"/api/v1/customers/{id}/notes", new { text = "Got 5%." });
        var c = await GetCustomerAsync(api, id);
        Assert.Equal(["Got 5%.", "Asked for a discount."], c["timeline"]!.AsArray().Select(n => n!["text"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(api, HttpMethod.Post, $"/api/v1/customers/{Guid.NewGuid()}/notes", new { text = "x" })).Status);
    }

    [Fact]
    public async Task Merge_moves_addresses_phones_tags_notes_orders_and_conversations_and_removes_the_duplicate()
    {
        var api = await App.ApiClientAsync();
        var survivorEmail = NewEmail("keep");
        var duplicateEmail = NewEmail("dup");
        var duplicateFurther = NewEmail("dup2");
        var survivor = await CreateCustomerAsync(api, survivorEmail);
        var order = Api.NewNumber("M");
        await api.PutOrderAsync(order, Api.Order(email: duplicateEmail));
        var conversation = await CreateConversationAsync(api, duplicateEmail, "Where is it?");
        var duplicate = Guid.Parse((await api.GetFromJsonAsync<CustomerPage>($"/api/v1/customers?email={duplicateEmail}", Api.Json, Ct))!.Items.Single().Id.ToString());
        await SendAsync(api, HttpMethod.Patch, $"/api/v1/customers/{duplicate}", new { emails = new[] { duplicateEmail, duplicateFurther }, tags = new[] { "returns" }, openness = "closed" });
        await SendAsync(api, HttpMethod.Post, $"/api/v1/customers/{duplicate}/notes", new { text = "Called twice." });

        var (status, merged) = await SendAsync(api, HttpMethod.Post, $"/api/v1/customers/{survivor}/merge", new { duplicate });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal([survivorEmail, duplicateEmail, duplicateFurther], merged!["emails"]!.AsArray().Select(e => e!.GetValue<string>()));
        Assert.Contains("+48600100200", merged["phones"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Equal(["returns"], merged["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal("closed", merged["style"]!["openness"]!.GetValue<string>());
        Assert.Equal(["Called twice."], merged["timeline"]!.AsArray().Select(n => n!["text"]!.GetValue<string>()));
        Assert.Equal([order], merged["orders"]!.AsArray().Select(o => o!["reference"]!.GetValue<string>()));
        Assert.Single(merged["conversations"]!.AsArray());
        var entry = merged["history"]!.AsArray().Single(h => h!["kind"]!.GetValue<string>() == "merged")!;
        Assert.Equal(duplicate.ToString(), entry["from"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(api, HttpMethod.Get, $"/api/v1/customers/{duplicate}")).Status);
        var c = (await Api.ReadAsync(await api.GetAsync($"/api/v1/conversations/{conversation}", Ct)))!;
        Assert.Equal(survivor.ToString(), c["customer"]!["id"]!.GetValue<string>());
        Assert.Contains(c["history"]!.AsArray(), h => h!["kind"]!.GetValue<string>() == "customer");
        // Later mail and orders from the duplicate's address land with the survivor.
        await api.PutOrderAsync(order, Api.Order(email: duplicateEmail, name: "Anna N."));
        Assert.Equal([survivor], (await api.GetFromJsonAsync<CustomerPage>($"/api/v1/customers?email={duplicateFurther}", Api.Json, Ct))!.Items.Select(i => i.Id));
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TouchpointDb>();
        Assert.Equal(survivor, await db.Set<Order>().Where(o => o.Number == order).Select(o => o.CustomerId).SingleAsync(Ct));
        Assert.Equal(1, await db.Set<Customer>().CountAsync(x => x.Id == survivor || x.Id == duplicate, Ct));
    }

    [Fact]
    public async Task Export_holds_profile_notes_orders_and_conversations_with_messages()
    {
        var api = await App.ApiClientAsync();
        var email = NewEmail();
        var order = Api.NewNumber("E");
        await api.PutOrderAsync(order, Api.Order(email: email));
        var number = await CreateConversationAsync(api, email, "My parcel is late.");
        var id = (await api.GetFromJsonAsync<CustomerPage>($"/api/v1/customers?email={email}", Api.Json, Ct))!.Items.Single().Id;
        await SendAsync(api, HttpMethod.Post, $"/api/v1/customers/{id}/notes", new { text = "Loyal since 2020." });

        var owner = await App.SignInAsync(await CreateUserAsync("ServiceOwner"));
        var response = await owner.GetAsync($"/api/v1/customers/{id}/export", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains($"customer-{id}.json", response.Content.Headers.ContentDisposition!.ToString(), StringComparison.Ordinal);
        var export = (await Api.ReadAsync(response))!;
        Assert.Equal(email, export["customer"]!["email"]!.GetValue<string>());
        Assert.Equal("Loyal since 2020.", export["customer"]!["timeline"]![0]!["text"]!.GetValue<string>());
        Assert.Equal(order, export["orders"]![0]!["number"]!.GetValue<string>());
        Assert.Equal("ul. Prosta 1", export["orders"]![0]!["shippingAddress"]!["line1"]!.GetValue<string>());
        Assert.Equal(number, export["conversations"]![0]!["number"]!.GetValue<long>());
        Assert.Equal("My parcel is late.", export["conversations"]![0]!["messages"]![0]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task Erase_anonymizes_personal_data_and_keeps_statistics()
    {
        var api = await App.ApiClientAsync();
        var email = NewEmail();
        var order = Api.NewNumber("G");
        await api.PutOrderAsync(order, Api.Order(email: email));
        var number = await CreateConversationAsync(api, email, "Call me at +48 600 100 200, Jan Kowalski.");
        await SendAsync(api, HttpMethod.Post, $"/api/v1/conversations/{number}/messages", new { type = "reply", body = "Dear Jan, it ships today." });
        var id = (await api.GetFromJsonAsync<CustomerPage>($"/api/v1/customers?email={email}", Api.Json, Ct))!.Items.Single().Id;
        await SendAsync(api, HttpMethod.Patch, $"/api/v1/customers/{id}", new { emails = new[] { email, NewEmail() }, tags = new[] { "vip" }, notes = "Lives at ul. Prosta 1", styleNotes = "chatty" });
        await SendAsync(api, HttpMethod.Post, $"/api/v1/customers/{id}/notes", new { text = "Private remark." });
        int factsBefore;
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TouchpointDb>();
            factsBefore = await db.Set<ConversationFact>().CountAsync(f => f.Number == number, Ct);
        }
        Assert.True(factsBefore >= 2);

        var owner = await App.SignInAsync(await CreateUserAsync("Admin"));
        var (status, erased) = await SendAsync(owner, HttpMethod.Post, $"/api/v1/customers/{id}/erase");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(erased!["erased"]!.GetValue<bool>());
        Assert.Equal($"erased-{id:N}@erased.invalid", erased["email"]!.GetValue<string>());
        Assert.Equal("", erased["name"]!.GetValue<string>());
        Assert.Single(erased["emails"]!.AsArray());
        Assert.Empty(erased["phones"]!.AsArray());
        Assert.Empty(erased["tags"]!.AsArray());
        Assert.Empty(erased["timeline"]!.AsArray());
        Assert.Equal("", erased["notes"]!.GetValue<string>());
        Assert.Equal("", erased["style"]!["notes"]!.GetValue<string>());
        // Statistics stay: the order, the conversation with its status and message count, and the facts.
        Assert.Single(erased["orders"]!.AsArray());
        Assert.Single(erased["conversations"]!.AsArray());

        var o = await api.GetOrderAsync(order);
        Assert.Equal($"erased-{id:N}@erased.invalid", o["customer"]!["email"]!.GetValue<string>());
        Assert.Equal("", o["customer"]!["name"]!.GetValue<string>());
        Assert.Null(o["customer"]!["phone"]);
        Assert.Null(o["shippingAddress"]!["line1"]);
        Assert.Equal("placed", o["status"]!.GetValue<string>());
        var c = (await Api.ReadAsync(await api.GetAsync($"/api/v1/conversations/{number}", Ct)))!;
        Assert.Equal(2, c["messages"]!.AsArray().Count);
        Assert.All(c["messages"]!.AsArray(), m => Assert.Equal("[erased]", m!["text"]!.GetValue<string>()));
        Assert.DoesNotContain("Kowalski", c.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(email, c.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("open", c["status"]!.GetValue<string>());
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TouchpointDb>();
            Assert.Equal(factsBefore, await db.Set<ConversationFact>().CountAsync(f => f.Number == number, Ct));
            Assert.Equal(0, await db.Set<CustomerNote>().CountAsync(n => n.CustomerId == id, Ct));
            Assert.Equal(0, await db.Set<CustomerEmail>().CountAsync(n => n.CustomerId == id, Ct));
        }
        Assert.Empty((await api.GetFromJsonAsync<CustomerPage>($"/api/v1/customers?email={email}", Api.Json, Ct))!.Items);

        // Twice changes nothing; an erased profile cannot be edited or merged.
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(owner, HttpMethod.Post, $"/api/v1/customers/{id}/erase")).Status);
        var (editStatus, editProblem) = await SendAsync(api, HttpMethod.Patch, $"/api/v1/customers/{id}", new { name = "Back" });
        Assert.Equal(HttpStatusCode.Conflict, editStatus);
        Assert.Equal("This customer's data was erased; the profile cannot change.", editProblem!["detail"]!.GetValue<string>());
        var other = await CreateCustomerAsync(api, NewEmail());
        var (mergeStatus, mergeProblem) = await SendAsync(api, HttpMethod.Post, $"/api/v1/customers/{other}/merge", new { duplicate = id });
        Assert.Equal(HttpStatusCode.Conflict, mergeStatus);
        Assert.False(string.IsNullOrWhiteSpace(mergeProblem!["detail"]?.GetValue<string>()), "a refused merge says why");
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(owner, HttpMethod.Post, $"/api/v1/customers/{Guid.NewGuid()}/erase")).Status);
    }

    [Fact]
    public async Task Erase_and_export_are_only_for_admins_and_service_owners()
    {
        var api = await App.ApiClientAsync();
        var id = await CreateCustomerAsync(api, NewEmail());
        var agent = await App.SignInAsync(await CreateUserAsync("Agent"));
        // The agent works with the customer, but cannot erase or export.
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(agent, HttpMethod.Get, $"/api/v1/customers/{id}")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(agent, HttpMethod.Post, $"/api/v1/customers/{id}/erase")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(agent, HttpMethod.Get, $"/api/v1/customers/{id}/export")).Status);
        // An API key is the store's platform, not a person with a role.
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(api, HttpMethod.Post, $"/api/v1/customers/{id}/erase")).Status);
        Assert.False((await GetCustomerAsync(api, id))["erased"]!.GetValue<bool>());
    }
}

public sealed class CustomersApiSqliteTests(SqliteApp app) : CustomersApiTests(app), IClassFixture<SqliteApp>;

public sealed class CustomersApiPostgresTests(PostgresApp app) : CustomersApiTests(app), IClassFixture<PostgresApp>;
