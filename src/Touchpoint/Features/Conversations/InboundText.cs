using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Touchpoint.Features.Conversations;

/// <summary>Small text rules shared by the channels: HTML to readable text, a subject from a body, email syntax.</summary>
public static class InboundText
{
    private static readonly HtmlParser Parser = new();

    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "P", "DIV", "BR", "LI", "TR", "H1", "H2", "H3", "H4", "H5", "H6", "BLOCKQUOTE", "PRE", "TABLE", "UL", "OL", "HR",
    };

    /// <summary>The readable text of an HTML body: blocks become lines, scripts and styles are dropped, blockquotes are quoted with "> ".</summary>
    public static string FromHtml(string html)
    {
        // Nesting capped first: parsing (and the recursive walk below) grows with depth squared.
        var doc = Parser.ParseDocument(Platform.Text.HtmlDepth.Limit(html));
        var sb = new StringBuilder();
        Walk(doc.Body ?? (INode)doc.DocumentElement, sb, 0);
        var lines = sb.ToString().Replace("\r", "", StringComparison.Ordinal).Split('\n').Select(l => l.TrimEnd());
        return System.Text.RegularExpressions.Regex.Replace(string.Join('\n', lines), @"\n{3,}", "\n\n").Trim();
    }

    private static void Walk(INode node, StringBuilder sb, int quoteDepth)
    {
        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case IText text:
                    var value = System.Text.RegularExpressions.Regex.Replace(text.Data, @"\s+", " ");
                    if (value.Length > 0)
                    {
                        if (quoteDepth > 0 && (sb.Length == 0 || sb[^1] == '\n'))
                        {
                            sb.Append(new string('>', quoteDepth)).Append(' ');
                            value = value.TrimStart();
                        }
                        sb.Append(value);
                    }
                    break;
                case IElement e when e.TagName is "SCRIPT" or "STYLE" or "HEAD" or "TITLE":
                    break;
                case IElement e:
                    var block = Blocks.Contains(e.TagName);
                    if (block && sb.Length > 0 && sb[^1] != '\n')
                    {
                        sb.Append('\n');
                    }
                    Walk(e, sb, quoteDepth + (e.TagName == "BLOCKQUOTE" ? 1 : 0));
                    if (e.TagName is "A" && e.GetAttribute("href") is { } href && href.StartsWith("http", StringComparison.OrdinalIgnoreCase)
                        && !e.TextContent.Contains(href, StringComparison.Ordinal))
                    {
                        sb.Append(" (").Append(href).Append(')');
                    }
                    if (block && sb.Length > 0 && sb[^1] != '\n')
                    {
                        sb.Append('\n');
                    }
                    if (e.TagName is "P" or "TABLE" or "UL" or "OL" or "H1" or "H2" or "H3")
                    {
                        sb.Append('\n');
                    }
                    break;
            }
        }
    }

    /// <summary>A subject for messages that came without one: the first line of the text, shortened.</summary>
    public static string SubjectFrom(string text)
    {
        var first = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";
        return first.Length <= 80 ? first : first[..77].TrimEnd() + "…";
    }

    public static bool IsEmail(string? email) =>
        !string.IsNullOrWhiteSpace(email) && email.Length <= 320 && MimeKit.MailboxAddress.TryParse(email.Trim(), out var parsed)
        && parsed.Address.Contains('@', StringComparison.Ordinal) && parsed.Address == email.Trim() && !parsed.Address.EndsWith('@');
}
