using System.Text.RegularExpressions;

namespace Touchpoint.Features.Conversations;

/// <summary>
/// Clock gaming, pure: does an agent's public reply that set a conversation to pending ask the customer anything?
/// A reply asks when it holds a question mark (outside links) or one of a short list of request phrases in
/// English, Russian or Polish. A reply that asks nothing and still pauses the clock is flagged.
/// </summary>
public static partial class AsksNothingDetector
{
    /// <summary>Request phrases, lower case; matched as whole-word prefixes in the reply's text, any language.</summary>
    public static readonly IReadOnlyList<string> RequestPhrases =
    [
        // English
        "please send", "please provide", "please confirm", "please let us know", "please let me know",
        "please reply", "please attach", "please check", "please share", "could you", "can you", "would you",
        "let us know", "let me know", "we need", "we would need",
        // Russian
        "пришлите", "пришлёте", "пришлете", "отправьте", "сообщите", "подтвердите", "уточните", "укажите",
        "приложите", "напишите", "ответьте", "проверьте", "дайте знать", "не могли бы", "можете ли",
        "нам нужн",
        // Polish
        "proszę przesłać", "proszę podać", "proszę potwierdzić", "proszę o ", "proszę dać znać",
        "proszę sprawdzić", "proszę załączyć", "proszę odpisać", "prosimy o ", "prosimy przesłać",
        "prosimy podać", "prosimy potwierdzić", "prześlij", "prześlijcie", "daj znać", "dajcie znać",
        "czy mógłby", "czy mogłaby", "czy może pan", "czy może pani", "potrzebujemy",
    ];

    /// <summary>True when the reply asks a question or makes a request of the customer.</summary>
    public static bool AsksSomething(string? replyText)
    {
        if (string.IsNullOrWhiteSpace(replyText))
        {
            return false;
        }
        var text = UrlPattern().Replace(replyText, " ");
        if (text.Contains('?') || text.Contains('？'))
        {
            return true;
        }
        var normalised = " " + SpacePattern().Replace(text.ToLowerInvariant().Replace('ё', 'е'), " ") + " ";
        foreach (var phrase in RequestPhrases)
        {
            var p = phrase.Replace('ё', 'е');
            var at = normalised.IndexOf(p, StringComparison.Ordinal);
            while (at >= 0)
            {
                if (at == 0 || !char.IsLetterOrDigit(normalised[at - 1]))
                {
                    return true;
                }
                at = normalised.IndexOf(p, at + 1, StringComparison.Ordinal);
            }
        }
        return false;
    }

    /// <summary>True when a public reply that set the conversation to pending should be flagged as asking nothing.</summary>
    public static bool IsClockGaming(string? replyText, bool setPending) => setPending && !AsksSomething(replyText);

    [GeneratedRegex(@"(https?://|www\.)\S+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UrlPattern();

    [GeneratedRegex(@"\s+")]
    private static partial Regex SpacePattern();
}
