using Microsoft.EntityFrameworkCore;
using Touchpoint.Features.Conversations;
using Touchpoint.Features.Customers;
using Touchpoint.Features.Knowledge;
using Touchpoint.Features.Orders;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Demo;

/// <summary>
/// Demo conversations written through the real desk (threading, order links, facts, history), so the workspace
/// shows what a store's service team sees: questions by topic in the customer's language, some answered, some
/// waiting, some resolved. No acknowledgements are mailed for them.
/// </summary>
public sealed class DemoConversations(IServiceProvider services, TouchpointDb db)
{
    // Per topic: (subject, body) in en, ru, pl. {0} is an order number of the customer.
    internal static readonly Dictionary<string, (string, string)[]> Questions = new()
    {
        [Topics.OrderFulfilment] =
        [
            ("Where is my order {0}?", "Hello, I ordered a week ago (order {0}) and the status has not changed for days. When will it arrive?"),
            ("Где мой заказ {0}?", "Здравствуйте! Заказ {0} оформлен неделю назад, статус не меняется. Когда его доставят?"),
            ("Gdzie jest zamówienie {0}?", "Dzień dobry, zamówienie {0} złożyłam tydzień temu i status się nie zmienia. Kiedy dotrze?"),
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

    public async Task<int> SeedAsync(int count, CancellationToken ct)
    {
        // Customers who have ordered: their questions name a real order, which the desk links.
        var customers = await db.Set<Customer>().AsNoTracking()
            .Where(c => db.Set<Order>().Any(o => o.CustomerId == c.Id))
            .OrderBy(c => c.CreatedAt).Take(Math.Max(count, 1)).Select(c => new { c.Id, c.Email, c.Name, c.Language }).ToListAsync(ct);
        if (customers.Count == 0)
        {
            return 0;
        }
        var ids = customers.Select(c => c.Id).ToList();
        var orders = (await db.Set<Order>().AsNoTracking().Where(o => ids.Contains(o.CustomerId)).Select(o => new { o.CustomerId, o.Number }).ToListAsync(ct))
            .GroupBy(o => o.CustomerId).ToDictionary(g => g.Key, g => g.First().Number);
        var agents = await db.Set<TouchpointUser>().AsNoTracking().Where(u => u.Email!.StartsWith("agent")).Select(u => new { u.Id, u.Email }).ToListAsync(ct);
        var random = new Random(42);
        var topics = Questions.Keys.ToArray();
        var created = 0;
        for (var i = 0; i < count; i++)
        {
            var customer = customers[i % customers.Count];
            var lang = customer.Language switch { "ru" => 1, "pl" => 2, _ => 0 };
            var topic = topics[random.Next(topics.Length)];
            var (subject, body) = Questions[topic][lang];
            var order = orders.GetValueOrDefault(customer.Id) ?? "";
            await using var scope = services.CreateAsyncScope();
            var desk = scope.ServiceProvider.GetRequiredService<ConversationDesk>();
            var landed = await desk.ReceiveAsync(new Inbound
            {
                Source = "demo", Key = $"demo-{customer.Id:N}-{i}", Channel = i % 4 == 0 ? Channel.Web : Channel.Email,
                Email = customer.Email, Name = customer.Name, DefaultLanguage = customer.Language,
                Subject = string.Format(System.Globalization.CultureInfo.InvariantCulture, subject, order),
                Topic = topic, Priority = topic == Topics.Complaints ? Priority.High : Priority.Normal,
                Message = new NewMessage(string.Format(System.Globalization.CultureInfo.InvariantCulture, body, order)),
                Acknowledge = false, Actor = "demo",
            }, ct);
            created++;
            // A third stays new and unassigned; the rest are being worked on or done.
            var stage = i % 6;
            if (stage < 2 || agents.Count == 0)
            {
                continue;
            }
            var agent = agents[random.Next(agents.Count)];
            var author = new ClaimsIdentityInfo("agent", agent.Id, agent.Email ?? "agent", $"user:{agent.Email}");
            await desk.UpdateAsync(landed.Number, new ConversationDesk.Changes(ConversationStatus.Open, null, null, true, agent.Id), author.Actor, ct);
            if (stage >= 3)
            {
                var reply = Replies[random.Next(Replies.Length)];
                await desk.AddStaffMessageAsync(landed.Number, MessageType.Reply, lang switch { 1 => reply.Ru, 2 => reply.Pl, _ => reply.En }, null, author, ct);
            }
            if (stage == 4)
            {
                await desk.AddStaffMessageAsync(landed.Number, MessageType.Note, "Checked with the warehouse: packed, waiting for the courier.", null, author, ct);
                await desk.UpdateAsync(landed.Number, new ConversationDesk.Changes(ConversationStatus.Pending, null, null, false, null), author.Actor, ct);
            }
            if (stage == 5)
            {
                await desk.UpdateAsync(landed.Number, new ConversationDesk.Changes(ConversationStatus.Resolved, null, null, false, null), author.Actor, ct);
            }
        }
        return created;
    }
}
