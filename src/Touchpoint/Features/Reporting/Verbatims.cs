using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Touchpoint.Features.Customers;
using Touchpoint.Features.Feedback;
using Touchpoint.Platform.Persistence;

namespace Touchpoint.Features.Reporting;

public sealed record VerbatimCustomer(string Email, string Name);

public sealed record Verbatim(Guid SurveyId, string Kind, string Touchpoint, int Score, string Comment, string? Reason, VerbatimCustomer Customer,
    long? Conversation, string? Order, DateTime AnsweredAt, string Language);

public sealed record VerbatimsPage(IReadOnlyList<Verbatim> Items, int Page, int PageSize, bool HasMore);

/// <summary>The filters of the verbatims: answers first given in [From, To), of a kind, touchpoint and score, whose comment contains Q.</summary>
public sealed record VerbatimFilter(DateTime From, DateTime To, SurveyKind? Kind, SurveyTouchpoint? Touchpoint, int? Score, string? Q);

/// <summary>
/// The answers that carry a comment, newest first. Without <c>q</c> the database pages; with it the comments are
/// matched here, case-insensitively for every alphabet (SQLite's lower() knows only ASCII), reading the period's
/// commented answers as a stream and stopping once the page is full.
/// </summary>
public static class Verbatims
{
    public const int MaxPageSize = 100;

    public static async Task<VerbatimsPage> PageAsync(TouchpointDb db, VerbatimFilter filter, int page, int pageSize, CancellationToken ct)
    {
        var customers = db.Set<Customer>().AsNoTracking();
        var q = db.Set<Survey>().AsNoTracking()
            .Where(s => s.Value != null && s.Comment != null && s.Comment != "" && s.AnsweredAt >= filter.From && s.AnsweredAt < filter.To);
        if (filter.Kind is { } k)
        {
            q = q.Where(s => s.Kind == k);
        }
        if (filter.Touchpoint is { } t)
        {
            q = q.Where(s => s.Touchpoint == t);
        }
        if (filter.Score is { } score)
        {
            q = q.Where(s => s.Value == score);
        }
        var rows = q.OrderByDescending(s => s.AnsweredAt).ThenBy(s => s.Id)
            .Select(s => new
            {
                s.Id, s.Kind, s.Touchpoint, Value = s.Value!.Value, Comment = s.Comment!, s.Reason, s.ConversationNumber, s.OrderNumber,
                AnsweredAt = s.AnsweredAt!.Value, s.Language,
                Customer = customers.Where(c => c.Id == s.CustomerId).Select(c => new VerbatimCustomer(c.Email, c.Name)).FirstOrDefault(),
            });
        var skip = (page - 1) * pageSize;
        var found = new List<Verbatim>(pageSize + 1);
        if (string.IsNullOrWhiteSpace(filter.Q))
        {
            foreach (var r in await rows.Skip(skip).Take(pageSize + 1).ToListAsync(ct))
            {
                found.Add(new Verbatim(r.Id, r.Kind.ToWire(), r.Touchpoint.ToWire(), r.Value, r.Comment, r.Reason, r.Customer ?? new VerbatimCustomer("", ""),
                    r.ConversationNumber, r.OrderNumber, r.AnsweredAt, r.Language));
            }
        }
        else
        {
            var text = filter.Q.Trim();
            var compare = CultureInfo.InvariantCulture.CompareInfo;
            await foreach (var r in rows.AsAsyncEnumerable().WithCancellation(ct))
            {
                if (compare.IndexOf(r.Comment, text, CompareOptions.IgnoreCase) < 0)
                {
                    continue;
                }
                if (skip > 0)
                {
                    skip--;
                    continue;
                }
                found.Add(new Verbatim(r.Id, r.Kind.ToWire(), r.Touchpoint.ToWire(), r.Value, r.Comment, r.Reason, r.Customer ?? new VerbatimCustomer("", ""),
                    r.ConversationNumber, r.OrderNumber, r.AnsweredAt, r.Language));
                if (found.Count > pageSize)
                {
                    break;
                }
            }
        }
        return new VerbatimsPage(found.Take(pageSize).ToList(), page, pageSize, found.Count > pageSize);
    }
}
