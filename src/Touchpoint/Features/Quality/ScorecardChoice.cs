using Touchpoint.Features.Knowledge;

namespace Touchpoint.Features.Quality;

/// <summary>
/// Which scorecard a conversation's review starts with (the reviewer can pick another): a phone call or a chat about a
/// product is a sales conversation; everything else is support. The one place this rule lives.
/// </summary>
public static class ScorecardChoice
{
    /// <summary>Channels on which a customer is sold to live.</summary>
    public static readonly IReadOnlySet<string> SalesChannels = new HashSet<string>(StringComparer.Ordinal) { "phone", "chat" };

    /// <summary>Topics that are sales conversations on those channels.</summary>
    public static readonly IReadOnlySet<string> SalesTopics = new HashSet<string>(StringComparer.Ordinal) { Topics.ProductQuestion };

    public static string For(string channel, string topic) =>
        SalesChannels.Contains(channel) && SalesTopics.Contains(topic) ? QualityDefaults.Sales : QualityDefaults.Support;
}
