namespace Touchpoint.Platform.Cli;

/// <summary>A command run instead of the server: <c>Touchpoint VERB [args]</c>. Features register theirs.</summary>
public sealed record CliVerb(string Name, string Usage, string Description, Func<IServiceProvider, CliArgs, CancellationToken, Task<int>> RunAsync);

/// <summary>The words and <c>--name value</c> (or <c>--name=value</c>) options after the verb.</summary>
public sealed class CliArgs
{
    private readonly Dictionary<string, string> _options = new(StringComparer.Ordinal);

    public CliArgs(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            if (!a.StartsWith("--", StringComparison.Ordinal))
            {
                Positional.Add(a);
                continue;
            }
            var eq = a.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                _options[a[2..eq]] = a[(eq + 1)..];
            }
            else
            {
                _options[a[2..]] = i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : "";
            }
        }
    }

    public List<string> Positional { get; } = [];

    public string? Option(string name) => _options.GetValueOrDefault(name);
}

public static class CliVerbs
{
    /// <summary>True when the first argument names a verb rather than a configuration switch.</summary>
    public static bool IsVerb(string[] args) => args.Length > 0 && !args[0].StartsWith('-') && !args[0].Contains('=', StringComparison.Ordinal);

    /// <summary>Arguments for configuration: none of a verb's own words leak into it.</summary>
    public static string[] ConfigurationArgs(string[] args) => IsVerb(args) ? [] : args;

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, CancellationToken ct)
    {
        var verbs = services.GetServices<CliVerb>().ToList();
        var verb = verbs.FirstOrDefault(v => v.Name == args[0]);
        if (verb is null || args.Contains("--help"))
        {
            var output = verb is null ? Console.Error : Console.Out;
            if (verb is null && args[0] != "help")
            {
                await output.WriteLineAsync($"Unknown verb '{args[0]}'.");
            }
            await output.WriteLineAsync("Usage: Touchpoint [VERB [options]]   (no verb: serve)");
            foreach (var v in verb is null ? verbs : [verb])
            {
                await output.WriteLineAsync($"  {v.Usage,-58} {v.Description}");
            }
            return verb is null && args[0] != "help" ? 2 : 0;
        }
        return await verb.RunAsync(services, new CliArgs(args.Skip(1).ToList()), ct);
    }
}
