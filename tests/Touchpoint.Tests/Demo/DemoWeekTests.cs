using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Touchpoint.Features.Conversations;
using Touchpoint.Features.Demo;
using Touchpoint.Platform.Web;
using Touchpoint.Features.Orders;
using Touchpoint.Features.Routing;
using Touchpoint.Features.Sla;
using Touchpoint.Platform.Persistence;
using Touchpoint.Tests.Infrastructure;

namespace Touchpoint.Tests.Demo;

/// <summary>
/// The demo store reads as a real shop's last week: an address, a currency and a phone of one country per customer;
/// order timelines from the shop's integration; conversations spread over seven days, answered after they were asked,
/// held only by agents who speak their language; and reports with real medians.
/// </summary>
public abstract partial class DemoWeekTests(TouchpointApp fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [GeneratedRegex(@"^[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}$")]
    private static partial Regex UkPostcode();

    [GeneratedRegex(@"^\d{6}$")]
    private static partial Regex RuPostcode();

    [GeneratedRegex(@"^\d{2}-\d{3}$")]
    private static partial Regex PlPostcode();

    private async Task<TouchpointApp> SeededAsync()
    {
        fixture.Ready();
        var app = new TouchpointApp(fixture.Provider);
        await app.InitializeAsync();
        await app.InScopeAsync<DemoSeeder, TimeSpan>(async s =>
        {
            await s.EnsureAgentsAsync(Ct);
            return await s.SeedOrdersAsync(300, Ct);
        });
        Assert.Equal(60, await app.InScopeAsync<DemoConversations, int>(d => d.SeedAsync(60, Ct)));
        return app;
    }

    [Fact]
    public async Task Quality_reviews_reach_eight_weeks_back_with_a_trend_per_agent()
    {
        await using var app = await SeededAsync();
        var now = app.Clock.GetUtcNow().UtcDateTime;
        var written = await app.InScopeAsync<Touchpoint.Features.Demo.DemoReviews, int>(r => r.SeedAsync(Ct));
        Assert.Equal(3 * DemoReviews.HistoryWeeks * 2 + 4, written);
        Assert.Equal(0, await app.InScopeAsync<DemoReviews, int>(r => r.SeedAsync(Ct)));
        var reviews = await app.InScopeAsync<TouchpointDb, List<Touchpoint.Features.Quality.Review>>(db =>
            db.Set<Touchpoint.Features.Quality.Review>().AsNoTracking().ToListAsync(Ct));
        Assert.All(reviews, r => Assert.InRange(r.CreatedAt, now.AddDays(-7 * DemoReviews.HistoryWeeks - 1), now));
        Assert.True(reviews.Select(r => (now - r.CreatedAt).Days / 7).Distinct().Count() >= DemoReviews.HistoryWeeks);
        foreach (var agent in new[] { "agent@demo.touchpoint", "agent.ru@demo.touchpoint" })
        {
            // The oldest four weeks score lower than the latest four (the improving agents).
            var theirs = reviews.Where(r => r.RevieweeEmail == agent && r.CreatedAt < now.AddHours(-1)).OrderBy(r => r.CreatedAt).ToList();
            Assert.Equal(DemoReviews.HistoryWeeks * 2, theirs.Count);
            Assert.True(theirs.Take(8).Average(r => r.Score) + 10 < theirs.Skip(8).Average(r => r.Score), agent);
            Assert.DoesNotContain(theirs, r => r.CriticalFailed);
        }
        // Last month has a bonus table.
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Warsaw");
        var last = TimeZoneInfo.ConvertTimeFromUtc(now, zone).AddMonths(-1).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var (table, _) = await app.InScopeAsync<TouchpointDb, (Touchpoint.Features.Quality.BonusTable, IReadOnlyList<Touchpoint.Features.Quality.BonusRow>)>(db =>
            Touchpoint.Features.Quality.QualityQueries.BonusTableAsync(db, Touchpoint.Features.Quality.BonusMonth.Parse(last, zone)!, zone, null, 1, 100, false, Ct));
        Assert.Equal(3, table.Items.Count);
    }

    [Fact]
    public async Task Customers_orders_and_conversations_agree_with_each_other()
    {
        await using var app = await SeededAsync();
        var now = app.Clock.GetUtcNow().UtcDateTime;
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Warsaw");

        // Every order: the currency, country, postcode, city and phone of the customer's language's country.
        var orders = await app.InScopeAsync<TouchpointDb, List<Order>>(db => db.Set<Order>().AsNoTracking().Include(o => o.History).ToListAsync(Ct));
        Assert.Equal(300, orders.Count);
        var expected = new Dictionary<string, (string Currency, string Country, Regex Postcode, string Phone)>
        {
            ["en"] = ("GBP", "GB", UkPostcode(), "+44"), ["ru"] = ("RUB", "RU", RuPostcode(), "+7"), ["pl"] = ("PLN", "PL", PlPostcode(), "+48"),
        };
        foreach (var o in orders)
        {
            var (currency, country, postcode, phone) = expected[o.Language];
            var a = o.ShippingAddress;
            Assert.True(o.Currency == currency && a.Country == country, $"order {o.Number} ({o.Language}): {o.Currency}, {a.Country}");
            Assert.Matches(postcode, a.PostalCode!);
            Assert.StartsWith(phone, o.CustomerPhone, StringComparison.Ordinal);
            var region = DemoSeeder.Regions.Single(r => r.Country == country);
            Assert.Contains((a.City!, a.PostalCode!), region.Cities);
            Assert.All(o.History, h => Assert.True(h.Actor == DemoSeeder.ShopActor && !(h.EventId ?? "").StartsWith("seed", StringComparison.Ordinal) && h.Note is null,
                $"order {o.Number}: {h.Actor} · {h.EventId} · {h.Note}"));
        }
        // One customer, one address: every order of a customer ships to the same place.
        Assert.All(orders.GroupBy(o => o.CustomerId), g => Assert.Single(g.Select(o => (o.ShippingAddress.City, o.ShippingAddress.Line1)).Distinct()));

        var conversations = await app.InScopeAsync<TouchpointDb, List<Conversation>>(db =>
            db.Set<Conversation>().AsNoTracking().Include(c => c.Messages).Include(c => c.Orders).ToListAsync(Ct));
        Assert.Equal(60, conversations.Count);
        // Spread over the last week in the store's waking hours, numbered in the order they came.
        var days = conversations.Select(c => TimeZoneInfo.ConvertTimeFromUtc(c.CreatedAt, zone).Date).Distinct().Count();
        Assert.InRange(days, 6, 7);
        Assert.All(conversations, c => Assert.InRange(c.CreatedAt, now.AddDays(-7), now));
        Assert.All(conversations.Where(c => c.CreatedAt < now.AddHours(-4)), c => Assert.InRange(TimeZoneInfo.ConvertTimeFromUtc(c.CreatedAt, zone).Hour, 7, 23));
        var byNumber = conversations.OrderBy(c => c.Number).Select(c => c.CreatedAt).ToList();
        Assert.Equal(byNumber.Order(), byNumber);

        // Answered after being asked (minutes to hours, never 0 s); resolved after the answer; every state present.
        foreach (var c in conversations)
        {
            var asked = c.Messages.Where(m => m.Type == MessageType.Inbound).Min(m => m.CreatedAt);
            Assert.Equal(c.CreatedAt, asked);
            if (c.FirstReplyAt is { } replied)
            {
                Assert.True(replied - asked >= TimeSpan.FromMinutes(2), $"#{c.Number} answered {replied - asked} after the question");
                Assert.Equal(replied, c.Messages.Where(m => m.Type == MessageType.Reply).Min(m => m.CreatedAt));
                Assert.True(c.Messages.All(m => m.Type == MessageType.Inbound || m.AuthorId == c.AssigneeId), $"#{c.Number} answered by someone else");
            }
            if (c.ResolvedAt is { } resolved)
            {
                Assert.True(c.FirstReplyAt is { } r && resolved > r, $"#{c.Number} resolved before an answer");
            }
        }
        var statuses = conversations.Select(c => c.Status).ToHashSet();
        Assert.Superset(new HashSet<ConversationStatus> { ConversationStatus.New, ConversationStatus.Open, ConversationStatus.Pending, ConversationStatus.Resolved }, statuses);
        Assert.InRange(conversations.Count(c => c.AssigneeId is null), DemoConversations.Waiting, 30);

        // A question about an order names an order the customer placed before asking, in the state the question is about.
        foreach (var c in conversations.Where(c => c.Orders.Count > 0))
        {
            var order = orders.Single(o => o.Id == c.Orders[0].OrderId);
            Assert.Equal(order.CustomerId, c.CustomerId);
            Assert.True(order.PlacedAt < c.CreatedAt, $"#{c.Number} asks about {order.Number} placed after");
            if (c.Topic == Touchpoint.Features.Knowledge.Topics.Returns)
            {
                Assert.Equal(OrderStatus.Delivered, order.Status);
            }
            if (c.Topic == Touchpoint.Features.Knowledge.Topics.OrderFulfilment)
            {
                Assert.NotEqual(OrderStatus.Delivered, order.Status);
            }
        }

        // Nobody holds a conversation in a language they do not speak (the English-only agent holds only English ones).
        var profiles = await app.InScopeAsync<AgentAdmin, IReadOnlyList<AgentResponse>>(a => a.ListAsync(Ct));
        var users = await app.InScopeAsync<TouchpointDb, List<TouchpointUser>>(db => db.Users.AsNoTracking().ToListAsync(Ct));
        foreach (var c in conversations.Where(c => c.AssigneeId is not null))
        {
            var email = users.Single(u => u.Id == c.AssigneeId).Email!;
            var languages = profiles.Single(p => p.Email == email).Skills.Languages ?? [];
            Assert.True(languages.Contains(c.Language), $"#{c.Number} ({c.Language}) is with {email} ({string.Join(",", languages)})");
            Assert.StartsWith("skill ", c.AssignmentReason, StringComparison.Ordinal);
        }
        var emma = users.Single(u => u.Email == "agent.en@demo.touchpoint").Id;
        Assert.Contains(conversations, c => c.AssigneeId == emma);
        Assert.All(conversations.Where(c => c.AssigneeId == emma), c => Assert.Equal("en", c.Language));

        // The SLA clocks moved at those moments: some promises kept, some broken.
        var outcomes = await app.InScopeAsync<TouchpointDb, List<SlaOutcome>>(db => db.Set<SlaOutcome>().AsNoTracking().ToListAsync(Ct));
        var firsts = outcomes.Where(o => o.Target == SlaTargets.FirstResponse).ToList();
        Assert.Equal(conversations.Count(c => c.FirstReplyAt is not null), firsts.Count);
        Assert.Contains(firsts, o => o.Achieved);
        Assert.Contains(firsts, o => !o.Achieved);
        Assert.All(conversations, c => Assert.NotNull(ConversationSla.Parse(c.SlaState)));

        // The overview shows real medians.
        var api = await app.ApiClientAsync();
        var overview = (await Api.ReadAsync(await api.GetAsync("/api/v1/reports/overview", Ct)))!;
        var firstResponse = overview["firstResponseMedianSeconds"]!["value"]!.GetValue<double>();
        var resolution = overview["resolutionMedianSeconds"]!["value"]!.GetValue<double>();
        Assert.InRange(firstResponse, 120, 24 * 3600);
        Assert.InRange(resolution, firstResponse, 3 * 24 * 3600);
    }
}

public sealed class DemoWeekSqliteTests(SqliteApp app) : DemoWeekTests(app), IClassFixture<SqliteApp>;

public sealed class DemoWeekPostgresTests(PostgresApp app) : DemoWeekTests(app), IClassFixture<PostgresApp>;
