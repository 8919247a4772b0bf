using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Touchpoint.Platform.Persistence;

namespace Touchpoint.Features.Quality;

/// <summary>
/// One scheduled audit of a plan's month: due on a day, with its scenario, auditor and (per-employee plans) the employee.
/// Unique per plan, month and slot: a month is scheduled once, a second scheduler collides and loses.
/// </summary>
public sealed class AuditTask
{
    public Guid Id { get; private init; }
    public Guid PlanId { get; private init; }
    public string PlanKey { get; private init; } = "";
    public string Month { get; private init; } = "";
    public int Slot { get; private init; }
    public DateTime DueAt { get; private init; }
    public string Scenario { get; private init; } = "";
    public string AuditorId { get; private init; } = "";
    public string AuditorEmail { get; private init; } = "";
    public string? EmployeeId { get; private init; }
    public string? EmployeeEmail { get; private init; }
    public int Seed { get; private init; }
    public DateTime ScheduledAt { get; private init; }
    public Guid? AuditId { get; private set; }
    public DateTime? DoneAt { get; private set; }

    public static AuditTask Of(AuditPlan plan, string month, AuditScheduler.Slot slot, int seed, DateTime now) => new()
    {
        Id = Ids.NewId(), PlanId = plan.Id, PlanKey = plan.Key, Month = month, Slot = slot.Index, DueAt = slot.DueAt, Scenario = slot.Scenario,
        AuditorId = slot.Auditor.Id, AuditorEmail = slot.Auditor.Email, EmployeeId = slot.Employee?.Id, EmployeeEmail = slot.Employee?.Email,
        Seed = seed, ScheduledAt = now,
    };

    /// <summary>Due until its day has passed, overdue after, done once its audit is submitted.</summary>
    public string StatusAt(DateTime now) => DoneAt is not null ? AuditTaskStatus.Done : DueAt < now ? AuditTaskStatus.Overdue : AuditTaskStatus.Due;

    public void Complete(Guid audit, DateTime now)
    {
        AuditId = audit;
        DoneAt = now;
    }
}

public static class AuditTaskStatus
{
    public const string Due = "due";
    public const string Overdue = "overdue";
    public const string Done = "done";

    public static readonly IReadOnlyList<string> All = [Due, Overdue, Done];
}

public static class AuditStatus
{
    public const string Draft = "draft";
    public const string Submitted = "submitted";
}

/// <summary>An employee an audit is about: an agent's id and address.</summary>
public sealed record AuditEmployee(string Id, string Email);

public sealed class AuditEmployees
{
    public List<AuditEmployee> Items { get; init; } = [];
}

/// <summary>The reviews an audit's submission created, one per employee.</summary>
public sealed class AuditReviews
{
    public List<Guid> Items { get; init; } = [];
}

/// <summary>
/// A mystery-shopper audit: a draft the auditor fills in (when, channel, scenario, employees, notes, recording link, the
/// linked conversation or test order, photos), then submits with the scorecard's answers — the submission writes one
/// review per employee through <see cref="CreateReview"/>, and from then on the audit is read-only and visible to them.
/// </summary>
public sealed class Audit
{
    public Guid Id { get; private init; }
    public Guid PlanId { get; private init; }
    public string PlanKey { get; private init; } = "";
    public Guid? TaskId { get; private init; }
    public string Status { get; private set; } = AuditStatus.Draft;
    public string Scenario { get; private set; } = "";
    public string Channel { get; private set; } = "";
    public DateTime OccurredAt { get; private set; }
    public AuditEmployees Employees { get; private set; } = new();
    public string? Notes { get; private set; }
    public string? RecordingUrl { get; private set; }
    public long? ConversationNumber { get; private set; }
    public string? OrderNumber { get; private set; }
    public AuditReviews Reviews { get; private set; } = new();
    public string AuditorId { get; private init; } = "";
    public string Auditor { get; private init; } = "";
    public DateTime CreatedAt { get; private init; }
    public DateTime UpdatedAt { get; private set; }
    public DateTime? SubmittedAt { get; private set; }

    public static Audit Start(AuditPlan plan, Guid? task, string auditorId, string auditor, DateTime now) => new()
    {
        Id = Ids.NewId(), PlanId = plan.Id, PlanKey = plan.Key, TaskId = task, AuditorId = auditorId, Auditor = auditor, CreatedAt = now,
    };

    public void Fill(string scenario, string channel, DateTime occurredAt, IReadOnlyList<AuditEmployee> employees, string? notes, string? recordingUrl,
        long? conversation, string? order, DateTime now)
    {
        Scenario = scenario;
        Channel = channel;
        OccurredAt = occurredAt;
        Employees = new AuditEmployees { Items = [.. employees] };
        Notes = notes;
        RecordingUrl = recordingUrl;
        ConversationNumber = conversation;
        OrderNumber = order;
        UpdatedAt = now;
    }

    public void Submit(IReadOnlyList<Guid> reviews, DateTime now)
    {
        Status = AuditStatus.Submitted;
        Reviews = new AuditReviews { Items = [.. reviews] };
        SubmittedAt = now;
        UpdatedAt = now;
    }

    public bool IsAbout(string userId) => Employees.Items.Any(e => e.Id == userId);
}

/// <summary>A photo of an audit (n from 1): its bytes live in a file under the data directory, named by <see cref="StoredName"/>.</summary>
public sealed class AuditEvidence
{
    public Guid Id { get; private init; }
    public Guid AuditId { get; private init; }
    public int Number { get; private init; }
    public string FileName { get; private init; } = "";
    public string ContentType { get; private init; } = "";
    public long Size { get; private init; }
    public string StoredName { get; private init; } = "";
    public string UploadedBy { get; private init; } = "";
    public DateTime UploadedAt { get; private init; }

    public static AuditEvidence Of(Guid audit, int number, string fileName, string contentType, long size, string storedName, string actor, DateTime now) => new()
    {
        Id = Ids.NewId(), AuditId = audit, Number = number, FileName = fileName, ContentType = contentType, Size = size, StoredName = storedName,
        UploadedBy = actor, UploadedAt = now,
    };
}

internal sealed class AuditTaskConfiguration : IEntityTypeConfiguration<AuditTask>
{
    public void Configure(EntityTypeBuilder<AuditTask> b)
    {
        b.ToTable("quality_audit_tasks");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.HasOne<AuditPlan>().WithMany().HasForeignKey(x => x.PlanId).OnDelete(DeleteBehavior.Cascade);
        // A month is scheduled once: a second scheduler's rows collide here.
        b.HasIndex(x => new { x.PlanId, x.Month, x.Slot }).IsUnique();
        // An auditor's list of what is due.
        b.HasIndex(x => new { x.AuditorId, x.DueAt });
        b.Property(x => x.PlanKey).HasMaxLength(64);
        b.Property(x => x.Month).HasMaxLength(7);
        b.Property(x => x.Scenario).HasMaxLength(64);
        b.Property(x => x.AuditorId).HasMaxLength(450);
        b.Property(x => x.AuditorEmail).HasMaxLength(320);
        b.Property(x => x.EmployeeId).HasMaxLength(450);
        b.Property(x => x.EmployeeEmail).HasMaxLength(320);
    }
}

internal sealed class AuditConfiguration : IEntityTypeConfiguration<Audit>
{
    public void Configure(EntityTypeBuilder<Audit> b)
    {
        b.ToTable("quality_audits");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.HasOne<AuditPlan>().WithMany().HasForeignKey(x => x.PlanId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.TaskId);
        b.HasIndex(x => new { x.PlanId, x.CreatedAt });
        b.Property(x => x.PlanKey).HasMaxLength(64);
        b.Property(x => x.Status).HasMaxLength(16);
        b.Property(x => x.Scenario).HasMaxLength(64);
        b.Property(x => x.Channel).HasMaxLength(16);
        b.Property(x => x.Notes).HasMaxLength(4000);
        b.Property(x => x.RecordingUrl).HasMaxLength(2000);
        b.Property(x => x.OrderNumber).HasMaxLength(64);
        b.Property(x => x.AuditorId).HasMaxLength(450);
        b.Property(x => x.Auditor).HasMaxLength(200);
        b.Property(x => x.Employees).AsJson();
        b.Property(x => x.Reviews).AsJson();
    }
}

internal sealed class AuditEvidenceConfiguration : IEntityTypeConfiguration<AuditEvidence>
{
    public void Configure(EntityTypeBuilder<AuditEvidence> b)
    {
        b.ToTable("quality_audit_evidence");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.HasOne<Audit>().WithMany().HasForeignKey(x => x.AuditId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.AuditId, x.Number }).IsUnique();
        b.Property(x => x.FileName).HasMaxLength(255);
        b.Property(x => x.ContentType).HasMaxLength(32);
        b.Property(x => x.StoredName).HasMaxLength(128);
        b.Property(x => x.UploadedBy).HasMaxLength(200);
    }
}
