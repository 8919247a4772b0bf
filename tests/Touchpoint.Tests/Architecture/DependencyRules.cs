namespace Touchpoint.Tests.Architecture;

/// <summary>The rules of docs/architecture.md as data, and the checks against a graph of the code (pure, so they are tested on made-up graphs too).</summary>
public sealed record DependencyRules(IReadOnlyList<string> Modules, IReadOnlyDictionary<string, IReadOnlySet<string>> Allowed, IReadOnlyList<(string Module, string Write)> WriteExceptions)
{
    /// <summary>Reads the two tables between their markers in <paramref name="markdown"/>.</summary>
    public static DependencyRules Parse(string markdown)
    {
        var modules = new List<string>();
        var allowed = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        foreach (var cells in Rows(markdown, "dependency-table"))
        {
            modules.Add(cells[0]);
            allowed[cells[0]] = cells[1] is "—" or "-" or ""
                ? new HashSet<string>()
                : cells[1].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        }
        var exceptions = Rows(markdown, "write-exceptions").Select(c => (c[0], c[1])).ToList();
        return new DependencyRules(modules, allowed, exceptions);
    }

    private static IEnumerable<string[]> Rows(string markdown, string table)
    {
        var start = markdown.IndexOf($"<!-- {table}:start -->", StringComparison.Ordinal);
        var end = markdown.IndexOf($"<!-- {table}:end -->", StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, $"docs/architecture.md has no {table} between its markers");
        foreach (var line in markdown[start..end].Split('\n').Select(l => l.Trim()))
        {
            if (!line.StartsWith('|') || line.StartsWith("|---", StringComparison.Ordinal))
            {
                continue;
            }
            var cells = line.Trim('|').Split('|').Select(c => c.Trim()).ToArray();
            if (cells[0] is "Module")
            {
                continue;
            }
            yield return cells;
        }
    }

    /// <summary>The module of a namespace, or null for the composition root (Program, the global namespace).</summary>
    public string? ModuleOf(string ns)
    {
        if (ns.StartsWith("Touchpoint.Platform", StringComparison.Ordinal))
        {
            return "Platform";
        }
        if (ns.StartsWith("Touchpoint.Components.Kit", StringComparison.Ordinal))
        {
            return "Kit";
        }
        if (ns == "Touchpoint.Components" || ns.StartsWith("Touchpoint.Components.", StringComparison.Ordinal))
        {
            return "Shell";
        }
        if (!ns.StartsWith("Touchpoint.Features.", StringComparison.Ordinal))
        {
            return ns.StartsWith("Touchpoint", StringComparison.Ordinal) && ns != "Touchpoint" ? ns : null;
        }
        var rest = ns["Touchpoint.Features.".Length..].Split('.');
        // A module is the longest name in the table that the namespace starts with (Channels.Email, not Channels).
        for (var n = rest.Length; n >= 1; n--)
        {
            var candidate = string.Join('.', rest.Take(n));
            if (Allowed.ContainsKey(candidate))
            {
                return candidate;
            }
        }
        return rest[0];
    }

    /// <summary>Every reason the graph breaks the rules: a module without a row, or a reference the table does not allow.</summary>
    public IEnumerable<string> Violations(IEnumerable<(string From, string To, string Where)> references)
    {
        foreach (var group in references.GroupBy(r => (r.From, r.To)))
        {
            var (from, to) = group.Key;
            if (!Allowed.TryGetValue(from, out var may))
            {
                yield return $"{from} has no row in the dependency table (docs/architecture.md); e.g. {group.First().Where}";
            }
            else if (!Allowed.ContainsKey(to))
            {
                yield return $"{to} has no row in the dependency table (docs/architecture.md); used by {group.First().Where}";
            }
            else if (!may.Contains(to))
            {
                yield return $"{from} must not use {to}: {group.Count()} reference(s), e.g. {group.First().Where}";
            }
        }
    }

    /// <summary>A cycle in the table (a module that, through what it may use, may use itself); empty when there is none.</summary>
    public IReadOnlyList<string> Cycle()
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        var path = new List<string>();
        IReadOnlyList<string>? Visit(string module)
        {
            if (state.GetValueOrDefault(module) == 2)
            {
                return null;
            }
            if (state.GetValueOrDefault(module) == 1)
            {
                return [.. path.SkipWhile(m => m != module), module];
            }
            state[module] = 1;
            path.Add(module);
            foreach (var next in Allowed.GetValueOrDefault(module) ?? new HashSet<string>())
            {
                if (Visit(next) is { } cycle)
                {
                    return cycle;
                }
            }
            path.RemoveAt(path.Count - 1);
            state[module] = 2;
            return null;
        }
        foreach (var module in Modules)
        {
            if (Visit(module) is { } cycle)
            {
                return cycle;
            }
        }
        return [];
    }

    /// <summary>Rows that use a module listed below them: the table must read top-down as layers.</summary>
    public IEnumerable<string> OutOfLayer()
    {
        for (var i = 0; i < Modules.Count; i++)
        {
            foreach (var used in Allowed[Modules[i]])
            {
                var at = Modules.ToList().IndexOf(used);
                if (at < 0)
                {
                    yield return $"{Modules[i]} may use {used}, which has no row";
                }
                else if (at >= i)
                {
                    yield return $"{Modules[i]} may use {used}, which is listed below it";
                }
            }
        }
    }
}
