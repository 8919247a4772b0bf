using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Touchpoint.Features.Conversations;
using Touchpoint.Features.Customers;
using Touchpoint.Features.Knowledge;
using Touchpoint.Features.Orders;
using Touchpoint.Features.Routing;
using Touchpoint.Features.Sla;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Demo;

/// <summary>
/// A believable last week of the demo store's service desk. Customers write at waking hours of the store's time zone
/// over the last 7 days, about an order in the state the question fits (where is it: an order that really is stuck;
/// a return or a complaint: a delivered one; a double charge: a paid one). The routing rule (<see cref="Router"/>)
/// hands each one to an agent with the topic, language and channel skills who is at work, so Russian and Polish
/// questions asked at night wait for the morning and the English-only agent never gets them; the agent answers minutes
/// to hours later in the customer's language, and most are resolved within a day. The newest wait unassigned in the
/// queue (the demo starts with everyone offline). Each conversation goes through the entity's state machine at those
/// moments (history, facts), its SLA clocks move by the SLA engine at the same moments and their results are recorded,
/// so the reports show real medians and some breaches. Events are not dispatched: nothing is mailed.
/// </summary>
public sealed class DemoConversations(TouchpointDb db, SlaCatalog slaCatalog, AgentAdmin agentAdmin, IOptions<StoreOptions> store, TimeProvider time)
{
    // Per topic: (subject, body) in en, ru, pl. {0} is an order number of the customer.
    internal static readonly Dictionary<string, (string, string)[]> Questions = new()
    {
        [Topics.OrderFulfilment] =
        [
            ("Where is my order {0}?", "Hello, my order {0} has not moved for days: the status is the same. When will it arrive?"),
            ("Где мой заказ {0}?", "Здравствуйте! Статус заказа {0} уже несколько дней не меняется. Когда его доставят?"),
            ("Gdzie jest zamówienie {0}?", "Dzień dobry, status zamówienia {0} od kilku dni się nie zmienia. Kiedy dotrze?"),
        ],
        [Topics.PaymentStatus] =
        [
            ("Payment for {0} taken twice?", "My bank shows two charges for order {0}. Can you check and refund one?"),
            ("Оплата за {0} списалась дважды", "Банк показывает два списания за заказ {0}. Проверьте, пожалуйста, и верните одно."),
            ("Podwójna płatność za {0}", "W banku widzę dwie płatności za zamówienie {0}. Proszę o sprawdzenie i zwrot jednej."),
        ],
        [Topics.PaymentMethods] =
        [
            ("Can I pay on delivery?", "Do you accept cash or card on delivery for orders to Manchester?"),
            ("Можно оплатить при получении?", "Принимаете ли вы оплату картой курьеру при доставке?"),
            ("Płatność przy odbiorze?", "Czy można zapłacić BLIKIEM albo przy odbiorze w paczkomacie?"),
        ],
        [Topics.Returns] =
        [
            ("Return of order {0}", "The shoes from order {0} are too small. How do I send them back and get a refund?"),
            ("Возврат заказа {0}", "Кроссовки из заказа {0} не подошли по размеру. Как оформить возврат?"),
            ("Zwrot zamówienia {0}", "Buty z zamówienia {0} są za małe. Jak je odesłać i odzyskać pieniądze?"),
        ],
        [Topics.Complaints] =
        [
            ("Damaged parcel {0}", "The box of order {0} arrived crushed and the jacket has a tear. I want a replacement."),
            ("Повреждённая посылка {0}", "Коробка с заказом {0} пришла помятой, куртка порвана. Прошу замену."),
            ("Reklamacja {0}", "Paczka z zamówieniem {0} przyszła zgnieciona, kurtka jest rozdarta. Proszę o wymianę."),
        ],
        [Topics.ProductQuestion] =
        [
            ("Is the rain jacket waterproof?", "Is the Rain jacket really waterproof or only water-resistant? I need it for hiking."),
            ("Подойдёт ли рюкзак для ноутбука?", "Влезет ли ноутбук 15 дюймов в городской рюкзак?"),
            ("Rozmiar butów do biegania", "Czy buty do biegania są zgodne z rozmiarówką? Zwykle noszę 42."),
        ],
    };

    internal static readonly (string En, string Ru, string Pl)[] Replies =
    [
        ("Thank you for your patience. I have checked: your parcel leaves our warehouse today, you will get the tracking link by email.",
         "Спасибо за терпение! Я проверила: посылка сегодня уходит со склада, ссылку для отслеживания пришлём письмом.",
         "Dziękuję za cierpliwość. Sprawdziłam: paczka wyjeżdża dziś z magazynu, link do śledzenia prześlemy mailem."),
        ("I am sorry about this. I have asked our warehouse to check and will write back by tomorrow noon.",
         "Приносим извинения. Я попросила склад проверить и отвечу вам до завтрашнего полудня.",
         "Przepraszamy. Poprosiłam magazyn o sprawdzenie i odpiszę do jutra do południa."),
    ];

    /// <summary>The agent's first answer per topic, in en, ru, pl.</summary>
    private static readonly Dictionary<string, (string En, string Ru, string Pl)> FirstReplies = new()
    {
        [Topics.OrderFulfilment] = (
            "Thank you for your patience. The parcel was held at our warehouse; it leaves today and you will get the tracking link by email.",
            "Спасибо за терпение! Посылка задержалась на складе, сегодня она уходит к вам — ссылку для отслеживания пришлём письмом.",
            "Dziękuję za cierpliwość. Paczka utknęła w magazynie, dziś do Pani/Pana wyjeżdża — link do śledzenia prześlemy mailem."),
        [Topics.PaymentStatus] = (
            "I checked: the second charge is only a card authorisation and your bank will release it within 3 working days.",
            "Я проверила: второе списание — это только блокировка на карте, банк снимет её в течение 3 рабочих дней.",
            "Sprawdziłam: druga płatność to tylko blokada na karcie, bank zwolni ją w ciągu 3 dni roboczych."),
        [Topics.PaymentMethods] = (
            "Yes: you can pay by card to the courier; choose \"Pay on delivery\" at checkout.",
            "Да, можно оплатить картой курьеру: выберите «Оплата при получении» при оформлении.",
            "Tak: można zapłacić BLIKIEM przy zamówieniu albo kartą kurierowi — wystarczy wybrać „Płatność przy odbiorze”."),
        [Topics.Returns] = (
            "Of course. I have sent you a free return label; the refund follows within 5 days of the parcel reaching us.",
            "Конечно. Я отправила вам бесплатную этикетку для возврата; деньги вернём в течение 5 дней после получения посылки.",
            "Oczywiście. Wysłałam bezpłatną etykietę zwrotną; zwrot pieniędzy nastąpi w ciągu 5 dni od otrzymania paczki."),
        [Topics.Complaints] = (
            "I am sorry about the damaged jacket. A replacement is on its way today; please keep the torn one for the courier.",
            "Приносим извинения за повреждённую куртку. Замену отправляем сегодня; порванную, пожалуйста, отдайте курьеру.",
            "Przepraszamy za uszkodzoną kurtkę. Wymiana wyjeżdża dziś; uszkodzoną proszę oddać kurierowi."),
        [Topics.ProductQuestion] = (
            "It is fully waterproof (20,000 mm) with taped seams, so it is made for hiking in the rain.",
            "Да, 15-дюймовый ноутбук помещается: у рюкзака отдельное мягкое отделение.",
            "Tak, buty są zgodne z rozmiarówką — przy rozmiarze 42 polecamy 42."),
    };

    private static readonly (string En, string Ru, string Pl)[] CustomerAgain =
    [
        ("Thank you! One more question: can I change the delivery address?", "Спасибо! Ещё вопрос: можно ли изменить адрес доставки?", "Dziękuję! Jeszcze jedno: czy mogę zmienić adres dostawy?"),
        ("Any news? I am still waiting.", "Есть новости? Я всё ещё жду.", "Czy są jakieś wieści? Nadal czekam."),
    ];

    private static readonly (string En, string Ru, string Pl) SecondReply = (
        "Yes, I have changed it for you. Anything else, just write.",
        "Да, я изменила адрес. Если что-то ещё — пишите.",
        "Tak, zmieniłam adres. W razie pytań proszę pisać.");

    private static readonly (string En, string Ru, string Pl) PendingNote = (
        "Asked the warehouse to check the parcel; waiting for their answer.",
        "Попросила склад проверить посылку, жду ответа.",
        "Poprosiłam magazyn o sprawdzenie paczki, czekam na odpowiedź.");

    // When customers write (store-local hours): mostly the working day, some in the evening.
    private static readonly int[] Hours = [8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 14, 14, 15, 15, 16, 16, 17, 18, 19, 20, 21, 22];

    /// <summary>How many of the newest stay waiting in the queue, unassigned: the demo starts with everyone offline.</summary>
    public const int Waiting = 12;

    private sealed record Person(string UserId, string Email, string Name, string Language, AgentResponse Profile);

    private sealed record CustomerRow(Guid Id, string Email, string Name, string Language, string? AccountManagerId);

    private sealed record OrderRow(Guid Id, Guid CustomerId, string Number, OrderStatus Status, DateTime PlacedAt, DateTime StatusChangedAt, bool Paid);

    public async Task<int> SeedAsync(int count, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        // Customers who have ordered: most questions name one of their orders, which the conversation links.
        var customers = await db.Set<Customer>().AsNoTracking()
            .Where(c => db.Set<Order>().Any(o => o.CustomerId == c.Id))
            .OrderBy(c => c.CreatedAt).Take(Math.Max(count, 1))
            .Select(c => new CustomerRow(c.Id, c.Email, c.Name, c.Language, c.AccountManagerId)).ToListAsync(ct);
        if (customers.Count == 0 || count <= 0)
        {
            return 0;
        }
        var ids = customers.Select(c => c.Id).ToList();
        var orders = (await db.Set<Order>().AsNoTracking().Where(o => ids.Contains(o.CustomerId))
                .Select(o => new OrderRow(o.Id, o.CustomerId, o.Number, o.Status, o.PlacedAt, o.StatusChangedAt, o.PaidAt != null)).ToListAsync(ct))
            .GroupBy(o => o.CustomerId).ToDictionary(g => g.Key, g => g.OrderBy(o => o.PlacedAt).ToList());
        var team = await TeamAsync(ct);
        var setup = await slaCatalog.GetAsync(ct);
        var zone = store.Value.Zone;
        var random = new Random(42);

        // Arrival times first, oldest first, so numbers follow time as in a live store.
        var today = TimeZoneInfo.ConvertTimeFromUtc(now, zone).Date;
        var arrivals = Enumerable.Range(0, count).Select(i =>
        {
            var day = today.AddDays(-6 + 7 * i / count);
            var local = day.AddHours(Hours[random.Next(Hours.Length)]).AddMinutes(random.Next(60));
            var utc = TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), zone);
            return utc < now.AddMinutes(-5) ? utc : now.AddMinutes(-random.Next(5, 240));
        }).Order().ToList();
        var first = await Counters.ReserveAsync(db, "conversation", ConversationDesk.FirstNumber, count, ct);
        var load = team.ToDictionary(a => a.UserId, _ => new Dictionary<string, int>());
        for (var i = 0; i < count; i++)
        {
            var customer = customers[i % customers.Count];
            var waiting = i >= count - Waiting;
            var c = Build(first + i, arrivals[i], now, customer, orders.GetValueOrDefault(customer.Id) ?? [], team, load, setup, waiting, random);
            db.Add(c);
            foreach (var outcome in _outcomes)
            {
                db.Add(outcome);
            }
            _outcomes.Clear();
            if (i % 20 == 19)
            {
                await db.SaveChangesAsync(ct);
            }
        }
        await db.SaveChangesAsync(ct);
        return count;
    }

    private readonly List<SlaOutcome> _outcomes = [];

    /// <summary>The demo team as routing sees it: every person with a routing profile, with their skills and capacity.</summary>
    private async Task<List<Person>> TeamAsync(CancellationToken ct)
    {
        var profiles = (await agentAdmin.ListAsync(ct)).Where(a => a.Active).ToList();
        var emails = profiles.Select(p => p.Email.ToUpperInvariant()).ToList();
        var users = await db.Users.AsNoTracking().Where(u => emails.Contains(u.NormalizedEmail!)).Select(u => new { u.Id, u.Email, u.DisplayName, u.Language }).ToListAsync(ct);
        return users.Join(profiles, u => u.Email!.ToUpperInvariant(), p => p.Email.ToUpperInvariant(), (u, p) => new Person(u.Id, u.Email!, u.DisplayName, u.Language, p))
            .OrderBy(p => p.Email, StringComparer.Ordinal).ToList();
    }

    /// <summary>The question that fits one of the customer's orders, and that order (null: a question about no order).</summary>
    private static (string Topic, OrderRow? Order) Pick(List<OrderRow> orders, DateTime at, bool preferOrder, Random random)
    {
        var placed = orders.Where(o => o.PlacedAt < at.AddHours(-2)).ToList();
        var stuck = placed.Where(o => !o.Status.IsFinal() && o.Status != OrderStatus.Delivered && o.StatusChangedAt < at.AddDays(-2)).ToList();
        var delivered = placed.Where(o => o.Status == OrderStatus.Delivered && o.StatusChangedAt < at && o.StatusChangedAt > at.AddDays(-30)).ToList();
        var paid = placed.Where(o => o.Paid && o.PlacedAt > at.AddDays(-20)).ToList();
        var choices = new List<(string, OrderRow?)>();
        choices.AddRange(stuck.Select(o => (Topics.OrderFulfilment, (OrderRow?)o)));
        choices.AddRange(delivered.Select(o => (random.Next(3) == 0 ? Topics.Complaints : Topics.Returns, (OrderRow?)o)));
        choices.AddRange(paid.Select(o => (Topics.PaymentStatus, (OrderRow?)o)));
        if (choices.Count == 0 || (!preferOrder && random.Next(4) == 0))
        {
            return (random.Next(2) == 0 ? Topics.ProductQuestion : Topics.PaymentMethods, null);
        }
        return choices[random.Next(choices.Count)];
    }

    private Conversation Build(long number, DateTime createdAt, DateTime now, CustomerRow customer, List<OrderRow> orders, List<Person> team,
        Dictionary<string, Dictionary<string, int>> load, SlaSetup setup, bool waiting, Random random)
    {
        var lang = customer.Language switch { "ru" => 1, "pl" => 2, _ => 0 };
        string In((string En, string Ru, string Pl) t) => lang switch { 1 => t.Ru, 2 => t.Pl, _ => t.En };
        var (topic, order) = Pick(orders, createdAt, waiting, random);
        var (subject, body) = Questions[topic][lang];
        var channel = random.Next(4) == 0 ? Channel.Web : Channel.Email;
        var from = channel == Channel.Web ? "web-form" : "email";
        var c = Conversation.Start(number, channel, customer.Id, string.Format(CultureInfo.InvariantCulture, subject, order?.Number), topic,
            topic == Topics.Complaints ? Priority.High : Priority.Normal, customer.Language, null, null,
            Inbound(customer, string.Format(CultureInfo.InvariantCulture, body, order?.Number), createdAt), createdAt, from, acknowledge: false);
        if (order is not null)
        {
            c.LinkOrder(order.Id, order.Number, createdAt, from);
        }
        var sla = Clocks(c, setup, createdAt, null);
        if (waiting)
        {
            return Finish(c, sla, setup, now);
        }

        // Routed when someone with the skills is at work: at once in working hours, else the next morning.
        var request = new RoutingRequest(channel.ToWire(), topic, customer.Language, customer.AccountManagerId, []);
        var skilled = team.Where(a => Skilled(a, request)).ToList();
        var pickAt = skilled.Select(a => NextAtWork(a, createdAt.AddMinutes(random.Next(1, 20)))).DefaultIfEmpty(DateTime.MaxValue).Min();
        if (pickAt >= now)
        {
            return Finish(c, sla, setup, now);
        }
        var states = team.Select(a => new AgentState
        {
            Id = a.UserId, Presence = AtWork(a, pickAt) ? Presence.Online : Presence.Offline, OnShift = AtWork(a, pickAt),
            Topics = (a.Profile.Skills.Topics ?? []).ToHashSet(), Languages = (a.Profile.Skills.Languages ?? []).ToHashSet(),
            Channels = (a.Profile.Skills.Channels ?? []).ToHashSet(), Capacity = a.Profile.Capacity, Load = load[a.UserId], IdleSince = pickAt,
        }).ToList();
        var decision = Router.Decide(request, states);
        if (decision.AgentId is not { } agentId)
        {
            return Finish(c, sla, setup, now);
        }
        var agent = team.First(a => a.UserId == agentId);
        var actor = $"user:{agent.Email}";
        c.Assign(agent.UserId, agent.Email, null, pickAt, Actors.Routing, decision.Reason);
        var held = load[agent.UserId];
        held[request.Channel] = held.GetValueOrDefault(request.Channel) + 1;
        sla = Clocks(c, setup, pickAt, sla);

        var age = now - createdAt;
        var r = random.NextDouble();
        // What became of it: older ones are mostly resolved; a few still wait for a first answer (their clocks breach).
        var plan = age < TimeSpan.FromHours(4) ? (r < 0.5 ? "unanswered" : "open")
            : age < TimeSpan.FromDays(1) ? (r < 0.15 ? "unanswered" : r < 0.45 ? "open" : r < 0.6 ? "pending" : "resolved")
            : r < 0.05 ? "unanswered" : r < 0.15 ? "open" : r < 0.27 ? "pending" : "resolved";
        if (plan == "unanswered")
        {
            return Finish(c, sla, setup, now);
        }
        // First answer: minutes to a few hours after the agent took it, within their working time.
        var replyAt = WithinWork(agent, pickAt + TimeSpan.FromMinutes(2 + Math.Pow(random.NextDouble(), 3) * 200), random);
        if (replyAt >= now)
        {
            return Finish(c, sla, setup, now);
        }
        c.AddStaffMessage(Staff(agent, In(FirstReplies[topic]), MessageType.Reply, replyAt), replyAt, actor);
        sla = Clocks(c, setup, replyAt, sla);
        var at = replyAt;
        switch (plan)
        {
            case "pending":
                at = at.AddMinutes(random.Next(1, 20));
                if (at < now)
                {
                    c.AddStaffMessage(Staff(agent, agent.Language switch { "ru" => PendingNote.Ru, "pl" => PendingNote.Pl, _ => PendingNote.En }, MessageType.Note, at), at, actor);
                    c.ChangeStatus(ConversationStatus.Pending, at, actor);
                    sla = Clocks(c, setup, at, sla);
                }
                break;
            case "open":
                at = at.AddHours(1 + random.NextDouble() * 18);
                if (at < now)
                {
                    c.AddInbound(Inbound(customer, In(CustomerAgain[1]), at), at);
                    sla = Clocks(c, setup, at, sla);
                }
                break;
            default:
                if (random.Next(5) < 2)
                {
                    // The customer asks one more thing; the agent answers and resolves it.
                    at = at.AddHours(1 + random.NextDouble() * 16);
                    if (at >= now)
                    {
                        break;
                    }
                    c.AddInbound(Inbound(customer, In(CustomerAgain[0]), at), at);
                    sla = Clocks(c, setup, at, sla);
                    at = WithinWork(agent, at.AddMinutes(10 + random.NextDouble() * 150), random);
                    if (at >= now)
                    {
                        break;
                    }
                    c.AddStaffMessage(Staff(agent, In(SecondReply), MessageType.Reply, at), at, actor);
                    sla = Clocks(c, setup, at, sla);
                }
                at = WithinWork(agent, at.AddMinutes(2 + random.NextDouble() * 90), random);
                if (at < now)
                {
                    c.ChangeStatus(ConversationStatus.Resolved, at, actor);
                    sla = Clocks(c, setup, at, sla);
                    held[request.Channel]--;
                }
                break;
        }
        return Finish(c, sla, setup, now);
    }

    private static bool Skilled(Person a, RoutingRequest r) =>
        (a.Profile.Skills.Topics ?? []).Contains(r.Topic) && (a.Profile.Skills.Languages ?? []).Contains(r.Language) && (a.Profile.Skills.Channels ?? []).Contains(r.Channel);

    /// <summary>At work: inside a period of the weekly schedule in the agent's time zone; without a schedule, weekdays 10:00–20:00.</summary>
    private static bool AtWork(Person a, DateTime utc)
    {
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(a.Profile.TimeZone, out var z) ? z : TimeZoneInfo.Utc;
        var local = TimeZoneInfo.ConvertTimeFromUtc(utc, zone);
        var time = local.TimeOfDay;
        if (a.Profile.Schedule.Count == 0)
        {
            return local.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && time >= TimeSpan.FromHours(10) && time < TimeSpan.FromHours(20);
        }
        return a.Profile.Schedule.TryGetValue(local.DayOfWeek.ToString().ToLowerInvariant(), out var periods)
            && periods.Any(p => TimeSpan.Parse(p.From, CultureInfo.InvariantCulture) <= time && time < Until(p.To));
    }

    private static TimeSpan Until(string to) => to == "24:00" ? TimeSpan.FromHours(24) : TimeSpan.Parse(to, CultureInfo.InvariantCulture);

    /// <summary>The first moment from <paramref name="utc"/> on (in 5-minute steps, up to 4 days) that the agent is at work.</summary>
    private static DateTime NextAtWork(Person a, DateTime utc)
    {
        for (var t = utc; t < utc.AddDays(4); t = t.AddMinutes(5))
        {
            if (AtWork(a, t))
            {
                return t;
            }
        }
        return DateTime.MaxValue;
    }

    /// <summary>A moment the agent works at: <paramref name="utc"/>, or a few minutes into their next period when it falls outside.</summary>
    private static DateTime WithinWork(Person a, DateTime utc, Random random) =>
        AtWork(a, utc) ? utc : NextAtWork(a, utc) is var next && next != DateTime.MaxValue ? next.AddMinutes(random.Next(2, 25)) : utc;

    /// <summary>
    /// Moves the SLA clocks by what the conversation just did, at its moment, as the SLA handler does inside a live
    /// save (its events are taken here, so none is dispatched), and keeps each decided cycle for the outcomes table.
    /// </summary>
    private ConversationSla? Clocks(Conversation c, SlaSetup setup, DateTime at, ConversationSla? sla)
    {
        foreach (var e in c.TakeEvents())
        {
            List<SlaDecision> decisions = [];
            switch (e)
            {
                case ConversationCreated:
                    sla = setup.Match(c.Channel, c.Topic, c.Priority, []) is { } policy ? SlaEngine.Start(policy, c.CreatedAt, answered: false, paused: false) : null;
                    break;
                case MessageAdded { Message.Type: MessageType.Inbound } m when sla is not null:
                    decisions = SlaEngine.CustomerWrote(sla, setup, m.Message.CreatedAt);
                    break;
                case MessageAdded { Message.Type: MessageType.Reply } m when sla is not null:
                    decisions = SlaEngine.Replied(sla, setup, m.Message.CreatedAt);
                    break;
                case ConversationStatusChanged s when sla is not null:
                    decisions = SlaEngine.StatusChanged(sla, setup, s.From, s.To, at);
                    break;
            }
            foreach (var d in decisions)
            {
                _outcomes.Add(new SlaOutcome
                {
                    ConversationId = c.Id, Number = c.Number, Target = d.Target, Cycle = d.Cycle, Policy = sla!.Policy, Channel = c.Channel, Topic = c.Topic,
                    Priority = c.Priority, AssigneeId = c.AssigneeId, GoalSeconds = d.GoalSeconds, Achieved = d.Achieved, StartedAt = d.StartedAt,
                    DecidedAt = d.At, ActualSeconds = d.ActualSeconds, CompletedAt = d.At,
                });
            }
        }
        return sla;
    }

    /// <summary>The clocks land on the conversation; a running one already past due is what the sweeper records as breached on its next pass.</summary>
    private static Conversation Finish(Conversation c, ConversationSla? sla, SlaSetup setup, DateTime now)
    {
        c.TakeEvents();
        if (sla is not null)
        {
            var (due, check) = SlaEngine.Schedule(sla, setup);
            c.SetSla(sla.ToJson(), due, check, now, bump: false);
        }
        return c;
    }

    private static ConversationMessage Inbound(CustomerRow customer, string text, DateTime at) => new()
    {
        Type = MessageType.Inbound, AuthorKind = "customer", AuthorId = customer.Id.ToString(), AuthorName = customer.Name, Text = text, CreatedAt = at,
    };

    private static ConversationMessage Staff(Person agent, string text, MessageType type, DateTime at) => new()
    {
        Type = type, AuthorKind = "agent", AuthorId = agent.UserId, AuthorName = agent.Name, Text = text, CreatedAt = at,
    };
}
