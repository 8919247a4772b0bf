namespace Touchpoint.Features.Conversations;

/// <summary>The customer's CSAT answer of a conversation, as the conversation API shows it.</summary>
public sealed record ConversationCsat(int Score, string? Comment, DateTime AnsweredAt);

/// <summary>What features above Conversations know about one conversation and the conversation API shows beside it.</summary>
public sealed record ConversationFacets(ConversationCsat? Csat = null, long? RepeatOf = null)
{
    public static readonly ConversationFacets None = new();
}

/// <summary>
/// The seam for the conversation API's extra fields (<c>csat</c> from Feedback, <c>repeatOf</c> from Reporting): a
/// feature above Conversations implements it and registers it; the GET endpoint asks every one by the conversation's
/// number and takes the first value each gives. Conversations never names the features that fill it.
/// </summary>
public interface IConversationFacets
{
    Task<ConversationFacets> ForAsync(long number, CancellationToken ct);
}

public static class ConversationFacetsOf
{
    public static async Task<ConversationFacets> CollectAsync(IEnumerable<IConversationFacets> facets, long number, CancellationToken ct)
    {
        var all = ConversationFacets.None;
        foreach (var f in facets)
        {
            var one = await f.ForAsync(number, ct);
            all = new ConversationFacets(all.Csat ?? one.Csat, all.RepeatOf ?? one.RepeatOf);
        }
        return all;
    }
}
