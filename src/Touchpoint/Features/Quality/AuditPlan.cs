using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Persistence;

namespace Touchpoint.Features.Quality;

/// <summary>How a mystery shopper gets in touch: the channels of an audit scenario.</summary>
public static class AuditChannels
{
    public const string Email = "email";
    public const string Phone = "phone";
    public const string WebForm = "webform";
    public const string Chat = "chat";
    public const string Messenger = "messenger";
    public const string Visit = "visit";
    public const string Order = "order";

    public static readonly IReadOnlyList<string> All = [Email, Phone, WebForm, Chat, Messenger, Visit, Order];
}

/// <summary>What an audit quota counts: audits a month for the whole touchpoint, or for each employee of the plan.</summary>
public static class AuditQuotaPer
{
    public const string Touchpoint = "touchpoint";
    public const string Employee = "employee";

    public static readonly IReadOnlyList<string> All = [Touchpoint, Employee];
}

/// <summary>One scenario of a plan: what the shopper does and says, on which channel, in every language.</summary>
public sealed record AuditScenario
{
    public required string Key { get; init; }
    public required string Channel { get; init; }
    public required LocalizedText Text { get; init; }
}

/// <summary>Who audits and who is audited: auditors by address, employees by agent address or routing team name.</summary>
public sealed record AuditPlanPeople
{
    public List<string> Auditors { get; init; } = [];
    public List<string> Employees { get; init; } = [];
}

/// <summary>
/// A mystery-shopper audit plan of a touchpoint: its scenarios, the scorecard the audits are scored on, the monthly
/// quota (per touchpoint or per employee) and the people. <see cref="Seed"/> is drawn once when the plan is created, so
/// a month's schedule is the same whoever computes it.
/// </summary>
public sealed class AuditPlan
{
    public Guid Id { get; private init; }
    public string Key { get; private init; } = "";
    public string Touchpoint { get; private set; } = "";
    public string Scorecard { get; private set; } = "";
    public LocalizedText Name { get; private set; } = LocalizedText.Empty;
    public List<AuditScenario> Scenarios { get; private set; } = [];
    public int PerMonth { get; private set; }
    public string Per { get; private set; } = AuditQuotaPer.Touchpoint;
    public AuditPlanPeople People { get; private set; } = new();
    public bool Active { get; private set; } = true;
    public int Seed { get; private init; }
    public DateTime CreatedAt { get; private init; }
    public DateTime UpdatedAt { get; private set; }
    public string UpdatedBy { get; private set; } = "";

    public static AuditPlan Create(string key, DateTime now)
    {
        var id = Ids.NewId();
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{key}:{id:N}"));
        return new AuditPlan { Id = id, Key = key, Seed = BitConverter.ToInt32(hash, 0) & int.MaxValue, CreatedAt = now };
    }

    public void Define(string touchpoint, string scorecard, LocalizedText name, IReadOnlyList<AuditScenario> scenarios, int perMonth, string per,
        AuditPlanPeople people, bool active, DateTime now, string actor)
    {
        Touchpoint = touchpoint;
        Scorecard = scorecard;
        Name = name;
        Scenarios = [.. scenarios];
        PerMonth = perMonth;
        Per = per;
        People = people;
        Active = active;
        UpdatedAt = now;
        UpdatedBy = actor;
    }

    public AuditScenario? Scenario(string key) => Scenarios.FirstOrDefault(s => s.Key == key);
}

/// <summary>Whole-value JSON columns of Quality's audit tables: read and written with their row, never queried by part.</summary>
internal static class JsonColumn
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static PropertyBuilder<T> AsJson<T>(this PropertyBuilder<T> property) where T : class, new() =>
        property.HasConversion(
            v => JsonSerializer.Serialize(v, Json),
            v => JsonSerializer.Deserialize<T>(v, Json) ?? new T(),
            new ValueComparer<T>(
                (a, c) => a == c || (a != null && c != null && JsonSerializer.Serialize(a, Json) == JsonSerializer.Serialize(c, Json)),
                v => JsonSerializer.Serialize(v, Json).GetHashCode(StringComparison.Ordinal),
                v => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(v, Json), Json)!));
}

internal sealed class AuditPlanConfiguration : IEntityTypeConfiguration<AuditPlan>
{
    public void Configure(EntityTypeBuilder<AuditPlan> b)
    {
        b.ToTable("quality_audit_plans");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Key).HasMaxLength(64);
        b.HasIndex(x => x.Key).IsUnique();
        b.Property(x => x.Touchpoint).HasMaxLength(16);
        b.Property(x => x.Scorecard).HasMaxLength(64);
        b.Property(x => x.Name).HasLocalizedText();
        b.Property(x => x.Per).HasMaxLength(16);
        b.Property(x => x.UpdatedBy).HasMaxLength(200);
        b.Property(x => x.Scenarios).AsJson();
        b.Property(x => x.People).AsJson();
    }
}
