using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using DotLiquid;
using DotLiquid.Exceptions;

namespace Touchpoint.Platform.Localization;

/// <summary>A value that is already safe HTML (sanitized); rendered as is in the HTML part and as <see cref="Text"/> in the text part.</summary>
public sealed record TrustedHtml(string Html, string Text);

/// <summary>A template went past one of the render limits of <see cref="LiquidRenderer"/>; the message says which, in the UI language.</summary>
public sealed class LiquidLimitException(string message) : Exception(message);

/// <summary>
/// Liquid (DotLiquid) rendering with parsed templates cached by their text. Values are plain strings in a
/// nested dictionary; for the HTML part every value is HTML-encoded first, so order data cannot inject markup.
/// </summary>
/// <remarks>
/// Templates are written by service owners and rendered inside requests and inside the transaction that queues a mail,
/// so every render is bounded: each loop runs at most <see cref="MaxIterations"/> times, the whole render stops after
/// <see cref="MaxTime"/> (nested loops: 9 million iterations took 5 s before), and no output or intermediate value
/// (a capture, an append, a replace …) grows past <see cref="MaxChars"/>, nor a list past <see cref="MaxItems"/> — a
/// value that doubles in a loop would otherwise exhaust memory long before any timer fires. Tags nest at most
/// <see cref="MaxNesting"/> deep: DotLiquid parses them recursively, and about 4,000 nested <c>if</c>s overflow a
/// thread-pool thread's stack, which ends the process.
/// </remarks>
public static partial class LiquidRenderer
{
    public const int MaxIterations = 1_000;
    public const int MaxChars = 500_000;
    public const int MaxItems = 50_000;
    public const int MaxNesting = 32;
    public static readonly TimeSpan MaxTime = TimeSpan.FromSeconds(1);

    private static readonly ConcurrentDictionary<string, Template> Parsed = new(StringComparer.Ordinal);

    static LiquidRenderer()
    {
        // Every regex DotLiquid builds (its parser's and its filters') takes this timeout when it is built; the default,
        // 10 s, would let one pathological match outlast the render limit many times.
        Template.RegexTimeOut = TimeSpan.FromMilliseconds(500);
        // DotLiquid registers its standard tags in Liquid's static constructor, whenever that first runs: run it now,
        // so the tags below replace the standard ones and not the other way round.
        _ = Liquid.UseRubyDateFormat;
        // capture writes into a writer of its own, beyond the output limit; tablerow turns its whole collection (a
        // range of a billion numbers, say) into a list before looping.
        Template.RegisterTag<BoundedCapture>("capture");
        Template.RegisterTag<RefusedTag>("tablerow");
        // Registered after the standard filters, so these replace the ones of the same name (filters given per render
        // are ignored for thread-safe templates, which the cached ones are).
        Template.RegisterFilter(typeof(BoundedFilters));
        // {{ list }} joins the whole list into one string before writing any of it: {{ (1..2000000000) }} would.
        Template.RegisterValueTypeTransformer(typeof(IEnumerable), BoundedText);
    }

    [GeneratedRegex(@"\{%-?\s*(end)?(if|unless|for|case|capture|comment|raw|tablerow|ifchanged|block)\b", RegexOptions.CultureInvariant)]
    private static partial Regex BlockTag();

    /// <summary>
    /// Null when the template parses and renders (with no values) within the limits, else the reason in the UI
    /// language, for the settings editors and the API's field errors.
    /// </summary>
    public static string? Check(string source)
    {
        try
        {
            Render(source, new Dictionary<string, object>(), html: false);
            return null;
        }
        catch (LiquidLimitException ex)
        {
            return ex.Message;
        }
        catch (LiquidException ex)
        {
            return Texts.Ui("Valid.Liquid", ex.Message);
        }
    }

    /// <summary>The rendered template; <see cref="LiquidLimitException"/> when it goes past a limit (nothing of it is returned then).</summary>
    public static string Render(string source, IDictionary<string, object> model, bool html)
    {
        var template = Parse(source);
        using var output = new LimitedWriter();
        try
        {
            template.Render(output, new RenderParameters(CultureInfo.InvariantCulture)
            {
                LocalVariables = ToHash(model, html),
                ErrorsOutputMode = ErrorsOutputMode.Display,
                MaxIterations = MaxIterations,
                Timeout = (int)MaxTime.TotalMilliseconds,
            });
        }
        catch (TooLarge)
        {
            throw new LiquidLimitException(Texts.Ui("Valid.Liquid.TooLarge", MaxChars, MaxItems));
        }
        catch (RenderException)
        {
            // The only other RenderException DotLiquid has: a loop over more than MaxIterations items.
            throw new LiquidLimitException(Texts.Ui("Valid.Liquid.TooManyIterations", MaxIterations));
        }
        catch (TimeoutException)
        {
            // DotLiquid's render timer, or one of its regexes (RegexMatchTimeoutException is a TimeoutException).
            throw new LiquidLimitException(Texts.Ui("Valid.Liquid.TooSlow", MaxTime.TotalSeconds));
        }
        return output.ToString();
    }

    private static Template Parse(string source)
    {
        if (Parsed.TryGetValue(source, out var cached))
        {
            return cached;
        }
        var depth = 0;
        foreach (Match tag in BlockTag().Matches(source))
        {
            depth = tag.Groups[1].Success ? Math.Max(0, depth - 1) : depth + 1;
            if (depth > MaxNesting)
            {
                throw new LiquidLimitException(Texts.Ui("Valid.Liquid.TooDeep", MaxNesting));
            }
        }
        Template template;
        try
        {
            template = Template.Parse(source);
        }
        catch (RegexMatchTimeoutException)
        {
            throw new LiquidLimitException(Texts.Ui("Valid.Liquid.TooSlow", MaxTime.TotalSeconds));
        }
        template.MakeThreadSafe();
        if (Parsed.Count > 2000)
        {
            Parsed.Clear();
        }
        Parsed[source] = template;
        return template;
    }

    private static Hash ToHash(IDictionary<string, object> model, bool encode) =>
        Hash.FromDictionary(model.ToDictionary(kv => kv.Key, kv => Convert(kv.Value, encode)));

    private static object Convert(object value, bool encode) => value switch
    {
        string s => encode ? WebUtility.HtmlEncode(s) : s,
        TrustedHtml t => encode ? t.Html : t.Text,
        IDictionary<string, object> nested => ToHash(nested, encode),
        IEnumerable<IDictionary<string, object>> list => list.Select(i => ToHash(i, encode)).ToList(),
        _ => value,
    };

    /// <summary>
    /// Thrown where a value or the output would grow past the limit. A <see cref="RenderException"/>, because DotLiquid
    /// rethrows those from any depth instead of writing them into the output as it does with other errors.
    /// </summary>
    private sealed class TooLarge : RenderException;

    private static void Ensure(long chars)
    {
        if (chars > MaxChars)
        {
            throw new TooLarge();
        }
    }

    /// <summary>A list written as a value, as DotLiquid writes it (items one after another), but within the limits.</summary>
    private static object BoundedText(object value)
    {
        if (value is string || value is not IEnumerable items)
        {
            return value;
        }
        var text = new StringBuilder();
        var count = 0;
        foreach (var item in items)
        {
            if (++count > MaxItems)
            {
                throw new TooLarge();
            }
            var part = item switch
            {
                decimal d => d.ToString("0.#############################", CultureInfo.InvariantCulture),
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                _ => item?.ToString() ?? "",
            };
            Ensure((long)text.Length + part.Length);
            text.Append(part);
        }
        return text.ToString();
    }

    /// <summary>The output of a render (or of a capture): refuses to hold more than <see cref="MaxChars"/>.</summary>
    private sealed class LimitedWriter() : StringWriter(CultureInfo.InvariantCulture)
    {
        public override void Write(char value)
        {
            Ensure(GetStringBuilder().Length + 1L);
            base.Write(value);
        }

        public override void Write(char[] buffer, int index, int count)
        {
            Ensure(GetStringBuilder().Length + (long)count);
            base.Write(buffer, index, count);
        }

        public override void Write(ReadOnlySpan<char> buffer)
        {
            Ensure(GetStringBuilder().Length + (long)buffer.Length);
            base.Write(buffer);
        }

        public override void Write(string? value)
        {
            Ensure(GetStringBuilder().Length + (long)(value?.Length ?? 0));
            base.Write(value);
        }

        public override void Write(StringBuilder? value)
        {
            Ensure(GetStringBuilder().Length + (long)(value?.Length ?? 0));
            base.Write(value);
        }
    }

    /// <summary><c>{% capture x %}…{% endcapture %}</c> as DotLiquid has it, with the captured text held to the output limit.</summary>
    public sealed class BoundedCapture : DotLiquid.Block
    {
        private string _to = "";

        public override void Initialize(string tagName, string markup, List<string> tokens)
        {
            var name = markup.Trim();
            if (name.Length == 0 || !name.All(c => char.IsLetterOrDigit(c) || c is '_' or '-'))
            {
                throw new SyntaxException("Syntax Error in 'capture' - Valid syntax: capture [var]");
            }
            _to = name;
            base.Initialize(tagName, markup, tokens);
        }

        public override void Render(Context context, TextWriter result)
        {
            using var captured = new LimitedWriter();
            base.Render(context, captured);
            context.Scopes.Last()[_to] = captured.ToString();
        }
    }

    /// <summary>A tag Touchpoint's templates may not use: refused when the template is parsed.</summary>
    public sealed class RefusedTag : Tag
    {
        public override void Initialize(string tagName, string markup, List<string> tokens) =>
            throw new SyntaxException(Texts.Ui("Valid.Liquid.Tag", tagName));
    }

    /// <summary>
    /// The standard filters that can grow a value, with the same names and arguments, checked against the limits before
    /// they build anything. <c>replace</c> and <c>replace_first</c> replace text literally, as Liquid documents them (and
    /// as DotLiquid itself does from its 2.1 syntax on): in the 2.0 syntax used here they took the pattern as a regular
    /// expression, which let a template run a catastrophic regex.
    /// </summary>
    public static class BoundedFilters
    {
        public static string Append(string input, string text)
        {
            Ensure((long)(input?.Length ?? 0) + (text?.Length ?? 0));
            return StandardFilters.Append(input!, text!);
        }

        public static string Prepend(string input, string text)
        {
            Ensure((long)(input?.Length ?? 0) + (text?.Length ?? 0));
            return StandardFilters.Prepend(input!, text!);
        }

        public static object Plus(Context context, object input, object operand)
        {
            if (input is string s)
            {
                Ensure((long)s.Length + (operand?.ToString()?.Length ?? 0));
            }
            return StandardFilters.Plus(context, input, operand);
        }

        public static object Times(Context context, object input, object operand)
        {
            if (input is string s && operand is int or long)
            {
                Ensure(s.Length * Math.Max(0L, System.Convert.ToInt64(operand, CultureInfo.InvariantCulture)));
            }
            return StandardFilters.Times(context, input, operand);
        }

        public static string Replace(Context context, string input, string text, string replacement = "")
        {
            if (string.IsNullOrEmpty(input) || string.IsNullOrEmpty(text))
            {
                return input;
            }
            var grows = (long)(replacement?.Length ?? 0) - text.Length;
            if (grows > 0)
            {
                Ensure(input.Length + (grows * Occurrences(input, text)));
            }
            return input.Replace(text, replacement ?? "", StringComparison.Ordinal);
        }

        public static string ReplaceFirst(Context context, string input, string text, string replacement = "")
        {
            if (string.IsNullOrEmpty(input) || string.IsNullOrEmpty(text))
            {
                return input;
            }
            var at = input.IndexOf(text, StringComparison.Ordinal);
            if (at < 0)
            {
                return input;
            }
            Ensure((long)input.Length - text.Length + (replacement?.Length ?? 0));
            return string.Concat(input.AsSpan(0, at), replacement, input.AsSpan(at + text.Length));
        }

        public static string RemoveFirst(Context context, string input, string text) =>
            string.IsNullOrWhiteSpace(input) ? input : ReplaceFirst(context, input, text, "");

        public static string Join(IEnumerable input, string glue = " ")
        {
            if (input is null)
            {
                return null!;
            }
            var text = new StringBuilder();
            var first = true;
            foreach (var item in input)
            {
                if (!first)
                {
                    Ensure((long)text.Length + (glue?.Length ?? 0));
                    text.Append(glue);
                }
                var value = item?.ToString() ?? "";
                Ensure((long)text.Length + value.Length);
                text.Append(value);
                first = false;
            }
            return text.ToString();
        }

        public static string Base64Encode(string input)
        {
            Ensure(((input?.Length ?? 0) * 4L / 3) + 4);
            return StandardFilters.Base64Encode(input!);
        }

        public static string Base64UrlSafeEncode(string input)
        {
            Ensure(((input?.Length ?? 0) * 4L / 3) + 4);
            return StandardFilters.Base64UrlSafeEncode(input!);
        }

        // List filters: the input is read into a list first, at most MaxItems long (a range such as (1..1000000000)
        // is lazy, and reverse or sort would otherwise build a list of a billion items).
        public static int Size(object input) => StandardFilters.Size(Items(input));

        public static object Slice(Context context, object input, int offset, int length = 1) =>
            StandardFilters.Slice(context, input is string ? input : Items(input), offset, length);

        public static IEnumerable Sort(Context context, object input, string? property = null) => StandardFilters.Sort(context, Items(input), property);

        public static IEnumerable SortNatural(object input, string? property = null) => StandardFilters.SortNatural(Items(input), property);

        public static IEnumerable Map(IEnumerable enumerableInput, string property) => StandardFilters.Map((IEnumerable)Items(enumerableInput), property);

        public static object First(IEnumerable array) => StandardFilters.First(array);

        public static object Last(IEnumerable array) => StandardFilters.Last((IEnumerable)Items(array));

        public static IEnumerable Uniq(object input) => StandardFilters.Uniq(Items(input));

        public static IEnumerable Compact(object input) => StandardFilters.Compact(Items(input));

        public static IEnumerable Where(IEnumerable input, string propertyName, object? targetValue = null) =>
            StandardFilters.Where((IEnumerable)Items(input), propertyName, targetValue);

        public static IEnumerable Reverse(IEnumerable input) => StandardFilters.Reverse((IEnumerable)Items(input));

        public static IEnumerable Concat(IEnumerable left, IEnumerable right)
        {
            var all = new List<object?>();
            foreach (var side in new[] { left, right })
            {
                if (Items(side) is IEnumerable items and not string)
                {
                    foreach (var item in items)
                    {
                        if (all.Count >= MaxItems)
                        {
                            throw new TooLarge();
                        }
                        all.Add(item);
                    }
                }
            }
            return left is null && right is null ? null! : all;
        }

        private static object Items(object input)
        {
            if (input is not IEnumerable items || input is string || input is IDictionary)
            {
                return input;
            }
            var list = new List<object?>();
            foreach (var item in items)
            {
                if (list.Count >= MaxItems)
                {
                    throw new TooLarge();
                }
                list.Add(item);
            }
            return list;
        }

        private static long Occurrences(string input, string value)
        {
            long count = 0;
            for (var at = input.IndexOf(value, StringComparison.Ordinal); at >= 0; at = input.IndexOf(value, at + value.Length, StringComparison.Ordinal))
            {
                count++;
            }
            return count;
        }
    }
}
