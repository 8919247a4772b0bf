using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Touchpoint.Features.Conversations;
using Touchpoint.Features.Customers;
using Touchpoint.Features.Knowledge;
using Touchpoint.Features.Orders;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Demo;

/// <summary>
/// Many conversations for benchmarks (<c>seed-demo --bulk-conversations N</c>): two years of a store's service mail,
/// mostly resolved or closed, with a backlog of new, open and pending ones. Each conversation goes through the real
/// state machine (start, assign, reply, status changes), so history and facts are what the desk would have written;
/// the rows are then written in bulk, bypassing SaveChanges, so no events are dispatched and nothing is mailed.
/// Numbers are taken as one block from the <c>conversation</c> counter, so later conversations continue after it.
/// </summary>
public sealed class DemoBulkConversations(TouchpointDb db, TimeProvider time, ILogger<DemoBulkConversations> logger)
{
    private const int Chunk = 50_000;
    private static readonly TimeSpan Span = TimeSpan.FromDays(730);

    // Email most, then the web form; chat, phone and API the rest.
    private static readonly Channel[] Channels =
        [Channel.Email, Channel.Email, Channel.Email, Channel.Email, Channel.Email, Channel.Email, Channel.Web, Channel.Web, Channel.Chat, Channel.Phone, Channel.Api];

    private static readonly string[] ThankYou = ["Thank you, that helps.", "Спасибо, всё понятно.", "Dziękuję, to wystarczy."];
    private static readonly string[] StillWaiting = ["Any news? I am still waiting.", "Есть новости? Я всё ещё жду.", "Czy są jakieś wieści? Nadal czekam."];

    public async Task<TimeSpan> SeedAsync(int count, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        if (count <= 0)
        {
            return watch.Elapsed;
        }
        var customers = await db.Set<Customer>().AsNoTracking().Select(c => new Person(c.Id, c.Email, c.Name, c.Language)).ToListAsync(ct);
        if (customers.Count == 0)
        {
            throw new InvalidOperationException("No customers to write conversations for: seed orders first (seed-demo --orders N).");
        }
        var agents = await db.Set<TouchpointUser>().AsNoTracking().Where(u => u.Email!.StartsWith("agent"))
            .OrderBy(u => u.Email).Select(u => new Person(Guid.Empty, u.Email!, u.DisplayName, u.Language) { UserId = u.Id }).ToListAsync(ct);
        if (agents.Count == 0)
        {
            throw new InvalidOperationException("No demo agents: seed-demo creates them first.");
        }
        var orderCount = await db.Set<Order>().CountAsync(ct);
        var first = await Counters.ReserveAsync(db, "conversation", ConversationDesk.FirstNumber, count, ct);
        var now = time.GetUtcNow().UtcDateTime;
        var random = new Random(unchecked((int)first) ^ 7919);
        var topics = DemoConversations.Questions.Keys.Append(Topics.Other).ToArray();
        for (var start = 0; start < count; start += Chunk)
        {
            var size = Math.Min(Chunk, count - start);
            var conversations = new List<Conversation>(size);
            for (var i = start; i < start + size; i++)
            {
                // Numbers follow creation time, as they do in a live store.
                var createdAt = now - Span + Span * ((i + random.NextDouble()) / count) - TimeSpan.FromMinutes(5);
                conversations.Add(Build(first + i, createdAt, now, customers[random.Next(customers.Count)], agents, topics, orderCount, random));
            }
            await BulkInsert.WriteAsync(db, conversations, ct);
            await BulkInsert.WriteAsync(db, conversations.SelectMany(c => c.Messages), ct);
            await BulkInsert.WriteAsync(db, conversations.SelectMany(c => c.History), ct);
            await BulkInsert.WriteAsync(db, conversations.SelectMany(c => c.Facts), ct);
            logger.LogInformation("Seeded {Done}/{Total} bulk conversations", start + size, count);
        }
        return watch.Elapsed;
    }

    private static Conversation Build(long number, DateTime createdAt, DateTime now, Person customer, List<Person> agents, string[] topics, int orderCount, Random random)
    {
        var lang = customer.Language switch { "ru" => 1, "pl" => 2, _ => 0 };
        var topic = topics[random.Next(topics.Length)];
        var (subject, body) = topic == Topics.Other
            ? (lang switch { 1 => "Вопрос", 2 => "Pytanie", _ => "A question" }, lang switch { 1 => "Здравствуйте, у меня вопрос по магазину.", 2 => "Dzień dobry, mam pytanie do sklepu.", _ => "Hello, I have a question about the shop." })
            : DemoConversations.Questions[topic][lang];
        var order = (100001 + random.Next(Math.Max(1, orderCount))).ToString(CultureInfo.InvariantCulture);
        var channel = Channels[random.Next(Channels.Length)];
        var messageIds = channel == Channel.Email;
        var inbound = Inbound(customer, string.Format(CultureInfo.InvariantCulture, body, order), messageIds ? $"seed-{number}-1@example.com" : null, createdAt);
        var c = Conversation.Start(number, channel, customer.Id, string.Format(CultureInfo.InvariantCulture, subject, order), topic,
            topic == Topics.Complaints ? Priority.High : random.Next(50) == 0 ? Priority.Urgent : Priority.Normal,
            customer.Language, null, null, inbound, createdAt, channel.ToWire(), acknowledge: false);

        // Recent conversations are still being worked on; older ones are mostly done, with a small stale backlog.
        var age = now - createdAt;
        var r = random.NextDouble();
        var status = age < TimeSpan.FromDays(3)
                ? r < 0.35 ? ConversationStatus.New : r < 0.6 ? ConversationStatus.Open : r < 0.75 ? ConversationStatus.Pending : ConversationStatus.Resolved
            : age < TimeSpan.FromDays(30)
                ? r < 0.03 ? ConversationStatus.New : r < 0.08 ? ConversationStatus.Open : r < 0.12 ? ConversationStatus.Pending : r < 0.6 ? ConversationStatus.Resolved : ConversationStatus.Closed
            : r < 0.003 ? ConversationStatus.New : r < 0.01 ? ConversationStatus.Open : r < 0.015 ? ConversationStatus.Pending : r < 0.05 ? ConversationStatus.Resolved : ConversationStatus.Closed;

        var at = createdAt;
        DateTime Later(TimeSpan min, TimeSpan max)
        {
            at += min + (max - min) * random.NextDouble();
            return at = at > now ? now : at;
        }

        if (status == ConversationStatus.New)
        {
            // Waiting for a first answer; some were taken by an agent already, some customers wrote again.
            if (random.Next(5) == 0)
            {
                var agent = agents[random.Next(agents.Count)];
                c.Assign(agent.UserId, agent.Name, null, Later(TimeSpan.FromMinutes(1), TimeSpan.FromHours(2)), "seed");
            }
            if (random.Next(4) == 0)
            {
                c.AddInbound(Inbound(customer, StillWaiting[lang], messageIds ? $"seed-{number}-2@example.com" : null, Later(TimeSpan.FromHours(1), TimeSpan.FromDays(1))), at);
            }
            c.TakeEvents();
            return c;
        }

        var by = agents[random.Next(agents.Count)];
        var actor = $"user:{by.Email}";
        // An open conversation answered without being taken stays unassigned.
        if (status != ConversationStatus.Open || random.Next(5) != 0)
        {
            c.Assign(by.UserId, by.Name, null, Later(TimeSpan.FromMinutes(1), TimeSpan.FromHours(4)), actor);
        }
        var (en, ru, pl) = DemoConversations.Replies[random.Next(DemoConversations.Replies.Length)];
        c.AddStaffMessage(Staff(by, lang switch { 1 => ru, 2 => pl, _ => en }, MessageType.Reply, Later(TimeSpan.FromMinutes(5), TimeSpan.FromHours(20))), at, actor);
        switch (status)
        {
            case ConversationStatus.Open:
                if (random.Next(2) == 0)
                {
                    c.AddInbound(Inbound(customer, StillWaiting[lang], messageIds ? $"seed-{number}-3@example.com" : null, Later(TimeSpan.FromHours(1), TimeSpan.FromDays(2))), at);
                }
                break;
            case ConversationStatus.Pending:
                if (random.Next(3) == 0)
                {
                    c.AddStaffMessage(Staff(by, "Asked the warehouse; waiting for their answer.", MessageType.Note, Later(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(30))), at, actor);
                }
                c.ChangeStatus(ConversationStatus.Pending, Later(TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(2)), actor);
                break;
            default:
                if (random.Next(3) == 0)
                {
                    c.AddInbound(Inbound(customer, ThankYou[lang], messageIds ? $"seed-{number}-3@example.com" : null, Later(TimeSpan.FromHours(1), TimeSpan.FromDays(1))), at);
                }
                c.ChangeStatus(ConversationStatus.Resolved, Later(TimeSpan.FromMinutes(1), TimeSpan.FromHours(8)), actor);
                if (status == ConversationStatus.Closed)
                {
                    c.ChangeStatus(ConversationStatus.Closed, Later(TimeSpan.FromDays(3), TimeSpan.FromDays(10)), "system:auto-close");
                }
                break;
        }
        // Bulk rows bypass SaveChanges: the raised events are dropped, never dispatched.
        c.TakeEvents();
        return c;
    }

    private static ConversationMessage Inbound(Person customer, string text, string? messageId, DateTime at) => new()
    {
        Type = MessageType.Inbound, AuthorKind = "customer", AuthorId = customer.Id.ToString(), AuthorName = customer.Name,
        Text = text, InternetMessageId = messageId, CreatedAt = at,
    };

    private static ConversationMessage Staff(Person agent, string text, MessageType type, DateTime at) => new()
    {
        Type = type, AuthorKind = "agent", AuthorId = agent.UserId, AuthorName = agent.Name, Text = text, CreatedAt = at,
    };

    private sealed record Person(Guid Id, string Email, string Name, string Language)
    {
        public string? UserId { get; init; }
    }
}
