using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

using Touchpoint.Platform.Persistence;

namespace Touchpoint.Platform.Outbox;

public enum OutboxState
{
    Pending,
    Sent,
    Failed,
}

/// <summary>
/// One message to the outside world (an email, a webhook call), written in the same transaction as the
/// change that caused it and sent after commit. It is also the audit log: nothing is deleted.
/// </summary>
public sealed class OutboxMessage
{
    public Guid Id { get; init; } = Ids.NewId();

    /// <summary>Which sender delivers it: <c>email</c>, <c>webhook</c>.</summary>
    public required string Channel { get; init; }

    /// <summary>What the message is about, e.g. <c>order.shipped</c>, <c>order.delayed</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>The owner's type and id, so a feature can list the messages of one of its records.</summary>
    public required string SubjectType { get; init; }
    public required Guid SubjectId { get; init; }

    public required string Recipient { get; init; }
    public string? Title { get; init; }
    public required string Body { get; set; }
    public string? HtmlBody { get; set; }

    /// <summary>
    /// The body holds a credential (a password-reset link): nobody sees it in the message log, it is never sent again,
    /// and the body is erased once the message is sent or given up on.
    /// </summary>
    public bool Secret { get; init; }
    public string? Language { get; init; }

    /// <summary>Mail headers that belong to the message itself (Message-ID, In-Reply-To, References, From), as a JSON object.</summary>
    public string? Headers { get; init; }

    /// <summary>
    /// Files that go with the mail, as a JSON array of ids the feature that owns them serves through
    /// <see cref="Mail.IMailAttachments"/> (a reply's attachments): stored once with their message, never copied here.
    /// </summary>
    public string? Attachments { get; init; }

    public OutboxState State { get; set; }
    public int Attempts { get; set; }
    public DateTime CreatedAt { get; init; }
    public DateTime NextAttemptAt { get; set; }
    public DateTime? LockedUntil { get; set; }
    public DateTime? SentAt { get; set; }
    public string? LastError { get; set; }

    /// <summary>Set when a person asked to send it again; points at the original.</summary>
    public Guid? ResendOf { get; init; }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> b)
    {
        b.ToTable("outbox_messages");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Channel).HasMaxLength(32);
        b.Property(x => x.Kind).HasMaxLength(64);
        b.Property(x => x.SubjectType).HasMaxLength(32);
        b.Property(x => x.Recipient).HasMaxLength(2048);
        b.Property(x => x.Title).HasMaxLength(1000);
        b.Property(x => x.Language).HasMaxLength(8);
        b.Property(x => x.LastError).HasMaxLength(2000);
        b.Property(x => x.Attachments).HasMaxLength(4000);
        b.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
        b.HasIndex(x => new { x.State, x.NextAttemptAt });
        b.HasIndex(x => new { x.SubjectType, x.SubjectId });
        // The message log lists newest first.
        b.HasIndex(x => x.CreatedAt);
        // Resends of one message are counted to limit them.
        b.HasIndex(x => x.ResendOf);
    }
}
