using System.Diagnostics;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Touchpoint.Features.Customers;
using Touchpoint.Features.Identity;
using Touchpoint.Features.Orders;
using Touchpoint.Features.Routing;
using Touchpoint.Features.Sla;
using Touchpoint.Platform.Cli;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Demo;

public sealed record DemoLogin(string Email, string Password, string Role);

/// <summary>
/// A demo store: agents for every role, customers in English, Russian and Polish, and orders in every stage
/// (some delayed). Orders are built through the real state machine and written in bulk, so a million takes
/// about a minute. Seeding is additive: running it again adds more orders with new numbers.
/// </summary>
public sealed class DemoSeeder(IServiceProvider services, TouchpointDb db, UserManager<TouchpointUser> users, ApiKeys apiKeys, StageTargetsProvider targetsProvider,
    TimeProvider time, ILogger<DemoSeeder> logger)
{
    public const string DemoPassword = "demo-2026";

    public static readonly IReadOnlyList<(string Email, string Name, string Role, string Language)> Agents =
    [
        ("admin@demo.touchpoint", "Alex Admin", Roles.Admin, "en"),
        ("owner@demo.touchpoint", "Olga Sokolova", Roles.ServiceOwner, "ru"),
        ("agent@demo.touchpoint", "Anna Kowalska", Roles.Agent, "pl"),
        ("agent.ru@demo.touchpoint", "Ivan Petrov", Roles.Agent, "ru"),
        ("agent.en@demo.touchpoint", "Emma Brown", Roles.Agent, "en"),
        ("auditor@demo.touchpoint", "Piotr Wiśniewski", Roles.Auditor, "pl"),
    ];

    // Per language, then [female, male]: first name and surname agree in gender (Russian and Polish surnames inflect).
    private static readonly string[][][] FirstNames =
    [
        [["Emma", "Sophia", "Amelia", "Isla", "Grace"], ["Oliver", "James", "Harry", "Jack", "Thomas"]],
        [["Мария", "Анна", "Елена", "Ольга", "Наталья"], ["Иван", "Алексей", "Дмитрий", "Сергей", "Павел"]],
        [["Anna", "Katarzyna", "Magdalena", "Agnieszka", "Joanna"], ["Piotr", "Tomasz", "Paweł", "Michał", "Krzysztof"]],
    ];

    private static readonly string[][][] LastNames =
    [
        [["Smith", "Jones", "Taylor", "Brown", "Williams"], ["Wilson", "Johnson", "Davies", "Evans", "Walker"]],
        [["Иванова", "Смирнова", "Кузнецова", "Попова", "Соколова"], ["Иванов", "Смирнов", "Кузнецов", "Попов", "Соколов"]],
        [["Nowak", "Kowalska", "Wiśniewska", "Wójcik", "Kamińska"], ["Nowak", "Kowalski", "Wiśniewski", "Lewandowski", "Zieliński"]],
    ];

    /// <summary>The desk phones of the agents who take calls: Warsaw landlines.</summary>
    public static readonly IReadOnlyDictionary<string, string> AgentPhones = new Dictionary<string, string>
    {
        ["agent@demo.touchpoint"] = "+48221234501",
        ["agent.en@demo.touchpoint"] = "+48221234502",
        ["agent.ru@demo.touchpoint"] = "+48221234503",
        ["owner@demo.touchpoint"] = "+48221234504",
    };

    private static readonly string[] Languages = ["en", "ru", "pl"];

    /// <summary>
    /// Per language (<see cref="Languages"/>), mobile ranges of its country (GB, RU, PL) that the phone library holds
    /// valid, then how many digits follow: a demo customer's number parses, is shown and guesses its language like a real one.
    /// </summary>
    private static readonly (string[] Prefixes, int Digits)[] MobileRanges =
    [
        (["+4471", "+4472", "+4473"], 8),
        (["+7910", "+7912", "+7916", "+7925", "+7985"], 7),
        (["+4850", "+4851", "+4853", "+4860", "+4866", "+4869", "+4872", "+4873", "+4878", "+4879", "+4888"], 7),
    ];

    /// <summary>
    /// Per language (<see cref="Languages"/>): the country a customer writing it lives in, its currency, cities with a
    /// postcode of each (UK outward code, Russian 6 digits, Polish NN-NNN), streets and the carriers that deliver there.
    /// An address, a currency and a phone always agree: a Polish customer pays in PLN and lives at 00-950 Warszawa.
    /// </summary>
    internal static readonly (string Country, string Currency, (string City, string Postcode)[] Cities, string[] Streets, string[] Carriers)[] Regions =
    [
        ("GB", "GBP", [("London", "SW1A 1AA"), ("Manchester", "M1 1AE"), ("Bristol", "BS1 4DJ"), ("Leeds", "LS1 4AP"), ("Edinburgh", "EH1 1YZ")],
            ["High Street", "Station Road", "Church Lane", "Victoria Road", "Mill Lane"], ["Royal Mail", "DPD", "Evri"]),
        ("RU", "RUB", [("Москва", "101000"), ("Санкт-Петербург", "190000"), ("Казань", "420111"), ("Екатеринбург", "620014"), ("Новосибирск", "630099")],
            ["ул. Ленина", "ул. Садовая", "пр. Мира", "ул. Гагарина", "ул. Пушкина"], ["Почта России", "СДЭК", "Boxberry"]),
        ("PL", "PLN", [("Warszawa", "00-950"), ("Kraków", "31-042"), ("Gdańsk", "80-831"), ("Wrocław", "50-106"), ("Poznań", "61-772")],
            ["ul. Marszałkowska", "ul. Długa", "ul. Floriańska", "ul. Piotrkowska", "ul. Świdnicka"], ["InPost", "DPD", "Poczta Polska"]),
    ];

    /// <summary>The catalogue as each language's shop front names it, with prices in that country's currency.</summary>
    private static readonly (string[] Names, decimal[] Prices)[] Products =
    [
        (["Running shoes", "Кроссовки для бега", "Buty do biegania"], [89.90m, 8990m, 399.00m]),
        (["Rain jacket", "Дождевик", "Kurtka przeciwdeszczowa"], [129.00m, 12900m, 579.00m]),
        (["Wool socks (3 pairs)", "Шерстяные носки (3 пары)", "Skarpety wełniane (3 pary)"], [14.50m, 1290m, 59.00m]),
        (["Backpack 25 L", "Рюкзак 25 л", "Plecak 25 l"], [59.00m, 5490m, 259.00m]),
        (["Water bottle", "Бутылка для воды", "Bidon"], [12.90m, 990m, 49.00m]),
        (["Trail gloves", "Перчатки для трейла", "Rękawiczki trailowe"], [24.00m, 1990m, 99.00m]),
        (["Headlamp", "Налобный фонарь", "Latarka czołowa"], [34.90m, 2990m, 149.00m]),
        (["Thermal shirt", "Термофутболка", "Koszulka termoaktywna"], [39.00m, 3490m, 169.00m]),
    ];

    /// <summary>Order updates come from the shop platform's integration, as in a live store.</summary>
    internal const string ShopActor = "api:shop-platform";

    public async Task<IReadOnlyList<DemoLogin>> EnsureAgentsAsync(CancellationToken ct)
    {
        await UserAdmin.EnsureRolesAsync(services);
        var logins = new List<DemoLogin>();
        foreach (var (email, name, role, language) in Agents)
        {
            if (await users.FindByEmailAsync(email) is null)
            {
                var user = new TouchpointUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name, Language = language, CreatedAt = time.GetUtcNow().UtcDateTime };
                var result = await users.CreateAsync(user, DemoPassword);
                if (!result.Succeeded)
                {
                    throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
                }
                await users.AddToRoleAsync(user, role);
            }
            logins.Add(new DemoLogin(email, DemoPassword, role));
        }
        await EnsureAgentProfilesAsync(ct);
        return logins;
    }

    /// <summary>
    /// Routing profiles for the demo team (seed 004): Anna and Emma in support, Ivan the account manager, Olga covering
    /// lunch as the person on duty. Everyone starts offline, so nothing is assigned until someone goes online.
    /// </summary>
    private async Task EnsureAgentProfilesAsync(CancellationToken ct)
    {
        var admin = services.GetRequiredService<AgentAdmin>();
        var allTopics = (await services.GetRequiredService<Knowledge.TopicCatalog>().AllAsync(ct)).Where(t => t.Active).Select(t => t.Key).ToList();
        var office = new Dictionary<string, List<WorkPeriod>>();
        foreach (var day in new[] { "monday", "tuesday", "wednesday", "thursday", "friday" })
        {
            office[day] = [new WorkPeriod("09:00", "13:00"), new WorkPeriod("14:00", "18:00")];
        }
        // Emma works remotely without fixed hours, so the demo routes at any time of day.
        var flexible = new Dictionary<string, List<WorkPeriod>>();
        var profiles = new (string Email, string[] Teams, string[] Languages, Dictionary<string, int> Capacity, string Phone, Dictionary<string, List<WorkPeriod>> Schedule)[]
        {
            ("agent@demo.touchpoint", [Teams.Support], ["pl", "en"], new() { ["email"] = 12, ["web"] = 12, ["api"] = 12, ["chat"] = 3, ["phone"] = 1, ["callback"] = 5 }, AgentPhones["agent@demo.touchpoint"], office),
            ("agent.en@demo.touchpoint", [Teams.Support], ["en"], new() { ["email"] = 12, ["web"] = 12, ["api"] = 12, ["chat"] = 3, ["phone"] = 1, ["callback"] = 5 }, AgentPhones["agent.en@demo.touchpoint"], flexible),
            ("agent.ru@demo.touchpoint", [Teams.AccountManagement], ["ru", "en"], new() { ["email"] = 15, ["web"] = 15, ["api"] = 15, ["phone"] = 1, ["callback"] = 5 }, AgentPhones["agent.ru@demo.touchpoint"], office),
            ("owner@demo.touchpoint", [Teams.Support], ["ru", "en", "pl"], new() { ["email"] = 5, ["web"] = 5, ["chat"] = 2, ["phone"] = 1, ["callback"] = 3 }, AgentPhones["owner@demo.touchpoint"], office),
        };
        foreach (var (email, teams, languages, capacity, phone, schedule) in profiles)
        {
            if (await admin.GetAsync(email, ct) is not null)
            {
                continue;
            }
            await admin.SaveAsync(email, new AgentRequest
            {
                Teams = [.. teams],
                Skills = new AgentSkills { Topics = [.. allTopics], Languages = [.. languages], Channels = [.. capacity.Keys] },
                Capacity = capacity, Phone = phone, Schedule = schedule,
            }, ct);
        }
        // Olga covers the lunch hour on the next two weeks' working days.
        if (admin.Duty().Count == 0)
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Warsaw");
            var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(time.GetUtcNow().UtcDateTime, zone));
            var shifts = Enumerable.Range(0, 14).Select(today.AddDays).Where(d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
                .Select(d => new DutyEntry("owner@demo.touchpoint",
                    TimeZoneInfo.ConvertTimeToUtc(d.ToDateTime(new TimeOnly(13, 0)), zone), TimeZoneInfo.ConvertTimeToUtc(d.ToDateTime(new TimeOnly(14, 0)), zone)))
                .Where(s => s.To > time.GetUtcNow().UtcDateTime).ToList();
            await admin.SaveDutyAsync(shifts, ct);
        }
    }

    public Task<string> CreateDemoApiKeyAsync(CancellationToken ct) =>
        apiKeys.CreateAsync("demo", "seed-demo", ct).ContinueWith(t => t.Result.Key, ct, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);

    /// <summary>
    /// A history for the SLA compliance report: the results of about 25 conversations a day over the <paramref name="days"/>
    /// days before today, handled by the demo team (and some by nobody), folded into the daily rollup. They belong to no
    /// conversation. Skipped when finished days were folded already (their results would never be counted). Returns rows written.
    /// </summary>
    public async Task<long> SeedSlaHistoryAsync(int days, CancellationToken ct)
    {
        if (days <= 0 || await SlaHistory.RolledUpAsync(db, ct))
        {
            return 0;
        }
        var emails = Agents.Where(a => a.Role is Roles.Agent or Roles.ServiceOwner).Select(a => a.Email.ToUpperInvariant()).ToList();
        var team = await db.Users.AsNoTracking().Where(u => emails.Contains(u.NormalizedEmail!)).OrderBy(u => u.Email).Select(u => (string?)u.Id).ToListAsync(ct);
        var zone = services.GetRequiredService<IOptions<Platform.Web.StoreOptions>>().Value.Zone;
        var today = DateTime.SpecifyKind(TimeZoneInfo.ConvertTimeFromUtc(time.GetUtcNow().UtcDateTime, zone).Date, DateTimeKind.Unspecified);
        var until = TimeZoneInfo.ConvertTimeToUtc(today, zone).AddHours(-1);
        var rows = await SlaHistory.WriteAsync(db, new Random(2026), days * 25, until, TimeSpan.FromDays(days), [.. team, null],
            [.. DemoConversations.Questions.Keys], 90_000_000, ct);
        await services.GetRequiredService<SlaRollup>().RunAsync(ct, maxDays: days + 2);
        return rows;
    }

    /// <summary>Adds <paramref name="orderCount"/> orders (and customers for them). Returns the time it took.</summary>
    public async Task<TimeSpan> SeedOrdersAsync(int orderCount, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var targets = await targetsProvider.GetAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        var existingOrders = await db.Set<Order>().CountAsync(ct);
        var existingCustomers = await db.Set<Customer>().CountAsync(ct);
        var random = new Random(existingOrders + 17);
        var customerCount = Math.Max(Math.Min(300, orderCount), orderCount / 3);
        var customers = new List<Customer>(customerCount);
        for (var i = 0; i < customerCount; i++)
        {
            var lang = i % 3;
            var gender = random.Next(2);
            var first = FirstNames[lang][gender][random.Next(5)];
            var last = LastNames[lang][gender][random.Next(5)];
            customers.Add(new Customer
            {
                Email = $"customer{existingCustomers + i + 1}@example.{Languages[lang] switch { "ru" => "ru", "pl" => "pl", _ => "com" }}",
                Name = $"{first} {last}",
                Phone = MobileNumber(lang, random),
                Language = Languages[lang],
                CreatedAt = now.AddDays(-random.Next(30, 900)),
                UpdatedAt = now,
            });
        }
        await BulkInsert.WriteAsync(db, customers, ct);

        const int Chunk = 50_000;
        var markNotices = orderCount > 1000;
        for (var start = 0; start < orderCount; start += Chunk)
        {
            var orders = new List<Order>(Math.Min(Chunk, orderCount - start));
            for (var i = start; i < Math.Min(orderCount, start + Chunk); i++)
            {
                orders.Add(BuildOrder(existingOrders + i + 1, customers[random.Next(customers.Count)], random, targets, now, markNotices));
            }
            await BulkInsert.WriteAsync(db, orders, ct);
            await BulkInsert.WriteAsync(db, orders.SelectMany(o => o.History), ct);
            LogProgress(Math.Min(orderCount, start + Chunk), orderCount);
        }
        return watch.Elapsed;
    }

    /// <summary>A demo customer's mobile number in the country of <see cref="Languages"/>[<paramref name="language"/>].</summary>
    internal static string MobileNumber(int language, Random random)
    {
        var (prefixes, digits) = MobileRanges[language];
        var rest = random.NextInt64((long)Math.Pow(10, digits)).ToString("D" + digits, System.Globalization.CultureInfo.InvariantCulture);
        return prefixes[random.Next(prefixes.Length)] + rest;
    }

    private static Order BuildOrder(int sequence, Customer customer, Random random, StageTargets targets, DateTime now, bool markNotices)
    {
        var lang = Math.Max(0, Array.IndexOf(Languages, customer.Language));
        var items = Enumerable.Range(0, random.Next(1, 4)).Select(_ =>
        {
            var p = random.Next(Products.Length);
            return new OrderItem { Sku = $"SKU-{1000 + p * 37}", Name = Products[p].Names[lang], Quantity = random.Next(1, 3), UnitPrice = Products[p].Prices[lang] };
        }).ToList();
        var details = new OrderDetails(customer.Email, customer.Name, customer.Phone, customer.Language, items,
            items.Sum(i => i.Quantity * i.UnitPrice), Regions[lang].Currency, AddressOf(customer, lang, new Random(customer.Id.GetHashCode())), null, null);
        string EventId() => $"evt_{random.NextInt64(1L << 40, 1L << 48):x}";
        // Most orders are old and finished; recent ones are spread over the stages; about one in twelve is late:
        // it stopped in a stage longer ago than the stage's target.
        var late = random.Next(12) == 0;
        OrderStatus finalStage;
        TimeSpan age;
        if (late)
        {
            finalStage = OrderStatuses.TimedStages[random.Next(OrderStatuses.TimedStages.Count)];
            age = OrderStatuses.TimedStages.Where(s => s.Rank() <= finalStage.Rank()).Aggregate(TimeSpan.Zero, (sum, s) => sum + (targets.For(s) ?? TimeSpan.Zero))
                + TimeSpan.FromHours(random.Next(1, 48));
        }
        else
        {
            age = TimeSpan.FromHours(random.NextDouble() < 0.7 ? random.Next(24 * 7, 24 * 120) : random.Next(1, 24 * 7));
            finalStage = age > TimeSpan.FromDays(7) ? OrderStatus.Delivered : OrderStatuses.Stages[random.Next(OrderStatuses.Stages.Count)];
        }
        var placedAt = now - age - TimeSpan.FromMinutes(random.Next(60));
        var order = Order.Place((100000 + sequence).ToString(System.Globalization.CultureInfo.InvariantCulture), details, customer.Id, placedAt, placedAt, ShopActor);
        var at = placedAt;
        foreach (var stage in OrderStatuses.Stages.Skip(1))
        {
            if (stage.Rank() > finalStage.Rank())
            {
                break;
            }
            var previous = targets.For(OrderStatuses.Stages[stage.Rank() - 1]) ?? TimeSpan.FromHours(12);
            var step = TimeSpan.FromTicks((long)(previous.Ticks * (0.2 + random.NextDouble() * 0.7)));
            if (at + step > now)
            {
                break;
            }
            at += step;
            if (stage == OrderStatus.Shipped)
            {
                var carriers = Regions[lang].Carriers;
                order.MoveTo(stage, at, at, ShopActor, EventId(), null, carriers[random.Next(carriers.Length)], $"{random.Next(10000000, 99999999)}{random.Next(1000, 9999)}");
            }
            else
            {
                order.MoveTo(stage, at, at, ShopActor, EventId(), null);
            }
            if (stage == OrderStatus.Accepted && random.Next(10) < 8)
            {
                order.MarkPaid(at, at, ShopActor, EventId(), null);
            }
        }
        if (!late && random.Next(40) == 0 && order.Status.Rank() < OrderStatus.Shipped.Rank())
        {
            order.MoveTo(OrderStatus.Cancelled, at.AddMinutes(30) < now ? at.AddMinutes(30) : now, now, ShopActor, EventId(), null);
        }
        else if (!late && random.Next(50) == 0 && order.Status == OrderStatus.Delivered)
        {
            order.MoveTo(OrderStatus.Returned, at.AddDays(3) < now ? at.AddDays(3) : now, now, ShopActor, EventId(), null);
        }
        if (markNotices)
        {
            order.MarkDelayed(targets, now);
        }
        order.TakeEvents();
        return order;
    }

    /// <summary>A street address in the customer's country (<see cref="Regions"/>), with that city's postcode.</summary>
    internal static Address AddressOf(Customer customer, int language, Random random)
    {
        var region = Regions[language];
        var (city, postcode) = region.Cities[random.Next(region.Cities.Length)];
        var street = region.Streets[random.Next(region.Streets.Length)];
        var number = random.Next(1, 120);
        return new Address
        {
            Name = customer.Name, Line1 = language == 0 ? $"{number} {street}" : $"{street} {number}", City = city, PostalCode = postcode, Country = region.Country,
        };
    }

    private void LogProgress(int done, int total) => logger.LogInformation("Seeded {Done}/{Total} orders", done, total);

    /// <summary>An optional count option: absent is 0; false when it is not a number within 0…<paramref name="max"/>.</summary>
    private static bool BulkOption(CliArgs args, string name, int max, out int value)
    {
        value = 0;
        var text = args.Option(name);
        return text is null || (int.TryParse(text, out value) && value >= 0 && value <= max);
    }

    public static async Task<int> VerbAsync(IServiceProvider services, CliArgs args, CancellationToken ct)
    {
        var countText = args.Option("orders");
        var count = 500;
        if (countText is not null && (!int.TryParse(countText, out count) || count is < 0 or > 10_000_000))
        {
            await Console.Error.WriteLineAsync("Usage: seed-demo [--orders N]   (N: 0-10000000, default 500)");
            return 2;
        }
        using var scope = services.CreateScope();
        var seeder = scope.ServiceProvider.GetRequiredService<DemoSeeder>();
        var logins = await seeder.EnsureAgentsAsync(ct);
        var took = await seeder.SeedOrdersAsync(count, ct);
        Console.WriteLine($"Seeded {count} orders in {took.TotalSeconds:F1} s.");
        var conversationsText = args.Option("conversations");
        var conversations = 60;
        if (conversationsText is not null && (!int.TryParse(conversationsText, out conversations) || conversations is < 0 or > 100_000))
        {
            await Console.Error.WriteLineAsync("Usage: seed-demo [--orders N] [--conversations N]   (conversations: 0-100000, default 60)");
            return 2;
        }
        var bulkText = args.Option("bulk-conversations");
        var bulk = 0;
        if (bulkText is not null && (!int.TryParse(bulkText, out bulk) || bulk is < 0 or > 10_000_000))
        {
            await Console.Error.WriteLineAsync("Usage: seed-demo [--orders N] [--conversations N] [--bulk-conversations N]   (bulk: 0-10000000, default 0)");
            return 2;
        }
        if (!BulkOption(args, "bulk-agents", 1_000, out var bulkAgents) || !BulkOption(args, "bulk-reviews", 5_000_000, out var bulkReviews))
        {
            await Console.Error.WriteLineAsync("Usage: seed-demo … [--bulk-agents N] [--bulk-reviews N]   (agents: 0-1000, reviews: 0-5000000, default 0)");
            return 2;
        }
        var quality = scope.ServiceProvider.GetRequiredService<DemoBulkQuality>();
        if (bulkAgents > 0)
        {
            Console.WriteLine($"Seeded {await quality.SeedAgentsAsync(bulkAgents, DemoPassword, ct)} bench agents (agent-bench-NNN@demo.touchpoint).");
        }
        var seeded = await scope.ServiceProvider.GetRequiredService<DemoConversations>().SeedAsync(conversations, ct);
        Console.WriteLine($"Seeded {seeded} conversations.");
        var repeats = await scope.ServiceProvider.GetRequiredService<DemoRepeats>().SeedAsync(ct);
        if (repeats > 0)
        {
            Console.WriteLine($"Seeded {repeats} repeat contacts for the first-contact resolution report.");
        }
        if (conversations > 0)
        {
            var history = await seeder.SeedSlaHistoryAsync(60, ct);
            Console.WriteLine(history > 0 ? $"Seeded {history} SLA results over the last 60 days for the compliance report."
                : "No SLA history added: this store has folded SLA days already.");
        }
        if (bulk > 0)
        {
            var bulkTook = await scope.ServiceProvider.GetRequiredService<DemoBulkConversations>().SeedAsync(bulk, ct);
            Console.WriteLine($"Seeded {bulk} bulk conversations in {bulkTook.TotalSeconds:F1} s.");
        }
        if (bulkReviews > 0)
        {
            var reviewsTook = await quality.SeedReviewsAsync(bulkReviews, ct);
            Console.WriteLine($"Seeded {bulkReviews} bulk reviews in {reviewsTook.TotalSeconds:F1} s.");
        }
        foreach (var login in logins)
        {
            Console.WriteLine($"  {login.Role,-13} {login.Email,-28} {login.Password}");
        }
        return 0;
    }
}

public static class DemoModule
{
    public static IServiceCollection AddDemo(this IServiceCollection services)
    {
        services.AddScoped<DemoSeeder>();
        services.AddScoped<DemoConversations>();
        services.AddScoped<DemoReviews>();
        services.AddScoped<DemoRepeats>();
        services.AddScoped<DemoAssignments>();
        services.AddScoped<DemoAudits>();
        services.AddScoped<DemoBulkConversations>();
        services.AddScoped<DemoBulkQuality>();
        services.AddSingleton(new CliVerb("seed-demo", "seed-demo [--orders N] [--conversations N] [--bulk-conversations N] [--bulk-agents N] [--bulk-reviews N]",
            "Add the demo store: agents for every role, customers, N orders (default 500), N conversations (default 60); --bulk-conversations writes N more in bulk, --bulk-agents N more agents (before them) and --bulk-reviews N reviews of them, for benchmarks.",
            (sp, args, ct) => OnlyForDemosAsync(sp, () => DemoSeeder.VerbAsync(sp, args, ct))));
        services.AddSingleton(new CliVerb("sla-bench", SlaBenchData.Usage,
            "Benchmark data and timings for SLA: outcomes in bulk with the rollup, open conversations with running clocks, one sweep.",
            (sp, args, ct) => OnlyForDemosAsync(sp, () => SlaBenchData.VerbAsync(sp, args, ct))));
        return services;
    }

    /// <summary>
    /// Made-up data (a demo store, benchmark volumes, invented SLA history) never lands in a real store by accident: in
    /// Production these verbs run only when the operator says so with <c>Touchpoint:Demo:Seed=true</c>.
    /// </summary>
    private static async Task<int> OnlyForDemosAsync(IServiceProvider services, Func<Task<int>> verb)
    {
        var environment = services.GetRequiredService<IHostEnvironment>();
        if (environment.IsProduction() && !services.GetRequiredService<IConfiguration>().GetValue("Touchpoint:Demo:Seed", false))
        {
            await Console.Error.WriteLineAsync("This writes made-up data. In Production it runs only with Touchpoint:Demo:Seed=true (e.g. Touchpoint__Demo__Seed=true).");
            return 2;
        }
        return await verb();
    }

    /// <summary>First run: in Development (or with Touchpoint:Demo:Seed=true) and an empty database, seed and print the logins.</summary>
    public static async Task SeedOnFirstRunAsync(WebApplication app, CancellationToken ct)
    {
        var configured = app.Configuration.GetValue<bool?>("Touchpoint:Demo:Seed");
        if (!(configured ?? app.Environment.IsDevelopment()))
        {
            return;
        }
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TouchpointDb>();
        if (await db.Users.AnyAsync(ct))
        {
            return;
        }
        var seeder = scope.ServiceProvider.GetRequiredService<DemoSeeder>();
        var logins = await seeder.EnsureAgentsAsync(ct);
        await seeder.SeedOrdersAsync(app.Configuration.GetValue("Touchpoint:Demo:Orders", 500), ct);
        await scope.ServiceProvider.GetRequiredService<DemoConversations>().SeedAsync(app.Configuration.GetValue("Touchpoint:Demo:Conversations", 60), ct);
        await seeder.SeedSlaHistoryAsync(app.Configuration.GetValue("Touchpoint:Demo:SlaHistoryDays", 60), ct);
        await scope.ServiceProvider.GetRequiredService<DemoReviews>().SeedAsync(ct);
        await scope.ServiceProvider.GetRequiredService<DemoRepeats>().SeedAsync(ct);
        await scope.ServiceProvider.GetRequiredService<DemoAssignments>().SeedAsync(ct);
        await scope.ServiceProvider.GetRequiredService<DemoAudits>().SeedAsync(ct);
        var key = await seeder.CreateDemoApiKeyAsync(ct);
        Console.WriteLine();
        Console.WriteLine("Demo store created. Logins (password for all: " + DemoSeeder.DemoPassword + "):");
        foreach (var login in logins)
        {
            Console.WriteLine($"  {login.Role,-13} {login.Email}");
        }
        Console.WriteLine($"Demo API key (shown once): {key}");
        Console.WriteLine();
    }
}
