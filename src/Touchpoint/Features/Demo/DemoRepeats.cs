using Microsoft.EntityFrameworkCore;
using Touchpoint.Features.Conversations;
using Touchpoint.Features.Customers;
using Touchpoint.Platform.Persistence;

namespace Touchpoint.Features.Demo;

/// <summary>
/// First-contact resolution in the demo store: two customers of resolved conversations write again about the same order
/// (new conversations, which the FCR feature links as repeat contacts), and one answers the resolved conversation itself (a
/// reopen). All through the real desk, in the customer's language.
/// </summary>
public sealed class DemoRepeats(IServiceProvider services, TouchpointDb db)
{
    private static readonly (string Subject, string Body)[] Again =
    [
        ("Again about order {0}", "I wrote to you about order {0} a few days ago. It is still not solved — could you look again, please?"),
        ("Снова по заказу {0}", "Я уже писала вам по заказу {0} несколько дней назад. Вопрос так и не решён — посмотрите, пожалуйста, ещё раз."),
        ("Ponownie w sprawie zamówienia {0}", "Pisałam kilka dni temu w sprawie zamówienia {0}. Sprawa nadal nie jest załatwiona — proszę spojrzeć jeszcze raz."),
    ];

    private static readonly string[] Reopen =
    [
        "Sorry, it is not solved after all: nothing has changed since your answer.",
        "Извините, но вопрос не решён: после вашего ответа ничего не изменилось.",
        "Przepraszam, ale sprawa nie jest jednak załatwiona: od Państwa odpowiedzi nic się nie zmieniło.",
    ];

    private const string KeyPrefix = "demo-repeat-";

    public async Task<int> SeedAsync(CancellationToken ct)
    {
        // Written once: the desk keeps a receipt of every demo contact's key.
        if (await db.Set<InboundReceipt>().AnyAsync(r => r.Source == "demo" && r.Key.StartsWith(KeyPrefix), ct))
        {
            return 0;
        }
        var resolved = await (from c in db.Set<Conversation>().AsNoTracking()
                              join cu in db.Set<Customer>().AsNoTracking() on c.CustomerId equals cu.Id
                              where c.Status == ConversationStatus.Resolved && c.Orders.Any()
                              orderby c.Number
                              select new { c.Number, c.Subject, c.Channel, cu.Email, cu.Name, cu.Language, Order = c.Orders.Select(o => o.OrderNumber).First() })
            .Take(3).ToListAsync(ct);
        var written = 0;
        foreach (var (r, i) in resolved.Select((r, i) => (r, i)))
        {
            var lang = r.Language switch { "ru" => 1, "pl" => 2, _ => 0 };
            await using var scope = services.CreateAsyncScope();
            var desk = scope.ServiceProvider.GetRequiredService<ConversationDesk>();
            var reopen = i == 2;
            await desk.ReceiveAsync(new Inbound
            {
                Source = "demo", Key = KeyPrefix + r.Number, Channel = reopen ? r.Channel : i == 0 ? Channel.Chat : Channel.Email,
                Email = r.Email, Name = r.Name, DefaultLanguage = r.Language,
                Subject = reopen ? $"Re: [#{r.Number}] {r.Subject}" : string.Format(System.Globalization.CultureInfo.InvariantCulture, Again[lang].Subject, r.Order),
                Message = new NewMessage(reopen ? Reopen[lang] : string.Format(System.Globalization.CultureInfo.InvariantCulture, Again[lang].Body, r.Order)),
                ThreadByNumber = reopen ? r.Number : null, OrderNumbers = [r.Order], Acknowledge = false, Actor = "demo",
            }, ct);
            written++;
        }
        return written;
    }
}
