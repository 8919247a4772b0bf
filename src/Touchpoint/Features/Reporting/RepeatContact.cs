using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Touchpoint.Platform.Persistence;

namespace Touchpoint.Features.Reporting;

/// <summary>
/// A resolved conversation that failed first-contact resolution and why: the later conversation of the same customer
/// (same order or topic within the window) or, for a reopen, the conversation itself. Written once, when the later
/// contact arrives; the FCR report and the conversation page read it.
/// </summary>
public sealed class RepeatContact
{
    private RepeatContact()
    {
    }

    public Guid Id { get; private init; } = Ids.NewId();
    public Guid EarlierId { get; private init; }
    public long EarlierNumber { get; private init; }
    public Guid LaterId { get; private init; }
    public long LaterNumber { get; private init; }
    public Guid CustomerId { get; private init; }

    /// <summary><see cref="RepeatReasons"/>: order, topic or reopen.</summary>
    public string Reason { get; private init; } = "";
    public DateTime At { get; private init; }

    public static RepeatContact Between(ResolvedContact earlier, Guid laterId, long laterNumber, string reason, DateTime at) => new()
    {
        EarlierId = earlier.ConversationId, EarlierNumber = earlier.Number, LaterId = laterId, LaterNumber = laterNumber,
        CustomerId = earlier.CustomerId, Reason = reason, At = at,
    };

    public static RepeatContact Reopen(Guid conversationId, long number, Guid customerId, DateTime at) => new()
    {
        EarlierId = conversationId, EarlierNumber = number, LaterId = conversationId, LaterNumber = number, CustomerId = customerId,
        Reason = RepeatReasons.Reopen, At = at,
    };
}

/// <summary>One finished store-local day of FCR for one agent, channel and topic (as they were at the first resolve); final once the day's window closed.</summary>
public sealed class FcrDaily
{
    public DateOnly Day { get; init; }

    /// <summary>The assignee id at the resolve, "" for none.</summary>
    public required string Agent { get; init; }
    public required string Channel { get; init; }
    public required string Topic { get; init; }
    public int Resolved { get; set; }
    public int Repeats { get; set; }
    public int OneTouch { get; set; }
}

/// <summary>A named mark of Reporting: <c>fcr</c> holds the last day folded into <see cref="FcrDaily"/>.</summary>
public sealed class ReportingMark
{
    public required string Name { get; init; }
    public DateOnly ThroughDay { get; set; }
}

internal sealed class RepeatContactConfiguration : IEntityTypeConfiguration<RepeatContact>
{
    public void Configure(EntityTypeBuilder<RepeatContact> b)
    {
        b.ToTable("repeat_contacts");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Reason).HasMaxLength(16);
        // One link per pair: a reopen links a conversation to itself once.
        b.HasIndex(x => new { x.EarlierId, x.LaterId }).IsUnique();
        b.HasIndex(x => x.LaterNumber);
        b.HasIndex(x => x.EarlierNumber);
    }
}

internal sealed class FcrDailyConfiguration : IEntityTypeConfiguration<FcrDaily>
{
    public void Configure(EntityTypeBuilder<FcrDaily> b)
    {
        b.ToTable("fcr_daily");
        b.HasKey(x => new { x.Day, x.Agent, x.Channel, x.Topic });
        b.Property(x => x.Agent).HasMaxLength(64);
        b.Property(x => x.Channel).HasMaxLength(16);
        b.Property(x => x.Topic).HasMaxLength(64);
    }
}

internal sealed class ReportingMarkConfiguration : IEntityTypeConfiguration<ReportingMark>
{
    public void Configure(EntityTypeBuilder<ReportingMark> b)
    {
        b.ToTable("reporting_marks");
        b.HasKey(x => x.Name);
        b.Property(x => x.Name).HasMaxLength(32);
    }
}
