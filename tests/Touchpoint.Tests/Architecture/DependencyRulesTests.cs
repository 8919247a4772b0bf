using Microsoft.EntityFrameworkCore;
using Touchpoint.Platform.Persistence;

namespace Touchpoint.Tests.Architecture;

/// <summary>The dependency rules of docs/architecture.md, checked on the compiled code (see <see cref="CodeGraph"/>).</summary>
public sealed class DependencyRulesTests
{
    private static readonly Lazy<DependencyRules> Rules = new(() => DependencyRules.Parse(File.ReadAllText(FindDoc())));

    private static readonly Lazy<CodeGraph> Graph = new(() =>
        new CodeGraph(typeof(TouchpointDb).Assembly.Location, ns => Rules.Value.ModuleOf(ns)));

    private static string FindDoc()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "docs", "architecture.md");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException("docs/architecture.md not found above the test's folder");
    }

    [Fact]
    public void Every_reference_between_modules_is_one_the_table_allows()
    {
        var violations = Rules.Value.Violations(Graph.Value.References()).ToList();
        Assert.True(violations.Count == 0, string.Join('\n', violations));
    }

    [Fact]
    public void The_table_has_no_cycle_and_reads_as_layers()
    {
        Assert.Equal([], Rules.Value.Cycle());
        Assert.Equal([], Rules.Value.OutOfLayer());
        Assert.Equal("Platform", Rules.Value.Modules[0]);
        Assert.Empty(Rules.Value.Allowed["Platform"]);
    }

    [Fact]
    public void Nothing_uses_the_demo_the_shell_or_reporting_but_the_modules_above_them()
    {
        foreach (var (module, may) in Rules.Value.Allowed)
        {
            Assert.True(module is "Shell" || !may.Contains("Demo"), $"{module} may not use Demo");
            Assert.True(module is "Demo" or "Shell" || !may.Contains("Shell"), $"{module} may not use Shell");
            Assert.True(module is "Shell" || !may.Contains("Reporting"), $"{module} may not use Reporting");
        }
    }

    /// <summary>The checker itself, on made-up graphs: a forbidden edge and a cycle are caught, an allowed edge is not.</summary>
    [Fact]
    public void A_forbidden_edge_or_a_cycle_is_caught()
    {
        var rules = Rules.Value;
        var forbidden = rules.Violations([("Orders", "Conversations", "Order → Conversation (made up)"), ("Knowledge", "Customers", "x"),
            ("Identity", "Routing", "y"), ("Notifications", "Channels.Email", "z"), ("Kit", "Conversations", "w"), ("Conversations", "Orders", "allowed")]).ToList();
        Assert.Equal(5, forbidden.Count);
        Assert.Contains(forbidden, v => v.StartsWith("Orders must not use Conversations", StringComparison.Ordinal));
        Assert.Contains(forbidden, v => v.StartsWith("Kit must not use Conversations", StringComparison.Ordinal));
        Assert.Contains(rules.Violations([("Returns", "Orders", "new feature without a row")]), v => v.StartsWith("Returns has no row", StringComparison.Ordinal));

        var cyclic = DependencyRules.Parse("""
            <!-- dependency-table:start -->
            | Module | May use |
            |---|---|
            | Platform | — |
            | Orders | Platform, Conversations |
            | Conversations | Platform, Orders |
            <!-- dependency-table:end -->
            <!-- write-exceptions:start -->
            <!-- write-exceptions:end -->
            """);
        Assert.NotEmpty(cyclic.Cycle());
        Assert.Contains(cyclic.OutOfLayer(), v => v.Contains("Orders may use Conversations", StringComparison.Ordinal));
    }

    [Fact]
    public void Namespaces_map_to_the_modules_of_the_table()
    {
        var rules = Rules.Value;
        Assert.Equal("Channels.Email", rules.ModuleOf("Touchpoint.Features.Channels.Email"));
        Assert.Equal("Conversations", rules.ModuleOf("Touchpoint.Features.Conversations.Pages"));
        Assert.Equal("Platform", rules.ModuleOf("Touchpoint.Platform.Persistence.Migrations.Sqlite"));
        Assert.Equal("Kit", rules.ModuleOf("Touchpoint.Components.Kit"));
        Assert.Equal("Shell", rules.ModuleOf("Touchpoint.Components.Layout"));
        Assert.Null(rules.ModuleOf(""));
    }

    /// <summary>Rule 3: a module writes only its own tables, but for the exceptions the table names (and explains).</summary>
    [Fact]
    public void A_module_writes_only_its_own_entities_but_for_the_named_exceptions()
    {
        using var db = new SqliteTouchpointDb(new DbContextOptionsBuilder<SqliteTouchpointDb>().UseSqlite("Data Source=:memory:").Options);
        var entities = db.Model.GetEntityTypes().Select(e => e.ClrType.FullName!).ToHashSet(StringComparer.Ordinal);
        var graph = Graph.Value;
        var allowed = Rules.Value.WriteExceptions.Select(e => (e.Module, e.Write)).ToHashSet();
        var offending = graph.EntityWrites(t => entities.Contains(t.FullName))
            .Select(w => (w.From, Owner: graph.ModuleOf(w.Entity), w.Entity, w.Where))
            .Where(w => w.Owner is not null && w.Owner != w.From && w.Owner != "Platform" && w.From != "Demo")
            .Where(w => !allowed.Contains((w.From, $"{w.Entity.Name}.{MethodOf(w.Where)}")))
            .Select(w => $"{w.From} writes {w.Owner}'s {w.Entity.Name}: {w.Where}")
            .Distinct().ToList();
        Assert.True(offending.Count == 0, string.Join('\n', offending));
        // Every exception in the table is still needed: a stale one would hide a new write.
        var used = graph.EntityWrites(t => entities.Contains(t.FullName)).Select(w => (w.From, $"{w.Entity.Name}.{MethodOf(w.Where)}")).ToHashSet();
        Assert.All(allowed, a => Assert.True(used.Contains(a), $"write exception {a} is not used any more: remove it from docs/architecture.md"));
    }

    /// <summary>"….Attend calls Conversation.SetSla" → "SetSla".</summary>
    private static string MethodOf(string where) => where[(where.LastIndexOf('.') + 1)..];
}
