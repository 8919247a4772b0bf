using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Touchpoint.Features.Conversations;

internal sealed class ConversationConfiguration : IEntityTypeConfiguration<Conversation>
{
    public void Configure(EntityTypeBuilder<Conversation> b)
    {
        b.ToTable("conversations");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.HasIndex(x => x.Number).IsUnique();
        b.Property(x => x.Channel).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Priority).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Topic).HasMaxLength(64);
        b.Property(x => x.AssigneeId).HasMaxLength(64);
        b.Property(x => x.AssignmentReason).HasMaxLength(200);
        b.Property(x => x.Subject).HasMaxLength(500);
        b.Property(x => x.Language).HasMaxLength(8);
        b.Property(x => x.Mailbox).HasMaxLength(100);
        b.Property(x => x.Preview).HasMaxLength(200);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Ignore(x => x.IsOpen);
        // Queues: by status (and assignee, topic, channel) newest activity first; a customer's conversations.
        b.HasIndex(x => new { x.Status, x.LastMessageAt });
        b.HasIndex(x => new { x.AssigneeId, x.Status, x.LastMessageAt });
        b.HasIndex(x => new { x.Topic, x.Status, x.LastMessageAt });
        b.HasIndex(x => new { x.Channel, x.Status, x.LastMessageAt });
        b.HasIndex(x => new { x.CustomerId, x.LastMessageAt });
        // One assignee's or one topic's conversations in any status: the status indexes above cannot give this order
        // (2.0 s and 0.65 s per page at a million conversations without these; see docs/benchmarks.md).
        b.HasIndex(x => new { x.AssigneeId, x.LastMessageAt });
        b.HasIndex(x => new { x.Topic, x.LastMessageAt });
        b.HasIndex(x => x.LastMessageAt);
        // Queues by SLA due time (soonest first) and the SLA sweeper's next look; both null once nothing runs.
        b.HasIndex(x => new { x.Status, x.SlaDueAt });
        b.HasIndex(x => new { x.AssigneeId, x.SlaDueAt });
        b.HasIndex(x => x.SlaCheckAt);
        // The queue sorted by subject (the other sortable columns ride the indexes above, the unique number, or customers' name).
        b.HasIndex(x => x.Subject);
        b.HasMany(x => x.Messages).WithOne().HasForeignKey(m => m.ConversationId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.History).WithOne().HasForeignKey(h => h.ConversationId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Facts).WithOne().HasForeignKey(f => f.ConversationId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.Orders).WithOne().HasForeignKey(o => o.ConversationId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(x => x.Messages).UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Navigation(x => x.History).UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Navigation(x => x.Facts).UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Navigation(x => x.Orders).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class ConversationMessageConfiguration : IEntityTypeConfiguration<ConversationMessage>
{
    public void Configure(EntityTypeBuilder<ConversationMessage> b)
    {
        b.ToTable("conversation_messages");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Type).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.AuthorKind).HasMaxLength(16);
        b.Property(x => x.AuthorId).HasMaxLength(64);
        b.Property(x => x.AuthorName).HasMaxLength(320);
        b.Property(x => x.InternetMessageId).HasMaxLength(998);
        b.Property(x => x.Cc).HasMaxLength(2000);
        b.Property(x => x.Bcc).HasMaxLength(2000);
        b.Ignore(x => x.Direction);
        b.HasIndex(x => new { x.ConversationId, x.CreatedAt });
        // Threading looks replies up by the Message-ID they answer.
        b.HasIndex(x => x.InternetMessageId);
        b.HasMany(x => x.Attachments).WithOne().HasForeignKey(a => a.MessageId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ConversationAttachmentConfiguration : IEntityTypeConfiguration<ConversationAttachment>
{
    public void Configure(EntityTypeBuilder<ConversationAttachment> b)
    {
        b.ToTable("conversation_attachments");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.FileName).HasMaxLength(255);
        b.Property(x => x.ContentType).HasMaxLength(255);
        b.Property(x => x.ContentId).HasMaxLength(255);
        b.HasIndex(x => x.MessageId);
        b.HasOne(x => x.Content).WithOne().HasForeignKey<AttachmentContent>(c => c.Id).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AttachmentContentConfiguration : IEntityTypeConfiguration<AttachmentContent>
{
    public void Configure(EntityTypeBuilder<AttachmentContent> b)
    {
        b.ToTable("attachment_contents");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
    }
}

internal sealed class ConversationOrderConfiguration : IEntityTypeConfiguration<ConversationOrder>
{
    public void Configure(EntityTypeBuilder<ConversationOrder> b)
    {
        b.ToTable("conversation_orders");
        b.HasKey(x => new { x.ConversationId, x.OrderId });
        b.Property(x => x.OrderNumber).HasMaxLength(64);
        b.HasIndex(x => x.OrderId);
    }
}

internal sealed class ConversationHistoryConfiguration : IEntityTypeConfiguration<ConversationHistoryEntry>
{
    public void Configure(EntityTypeBuilder<ConversationHistoryEntry> b)
    {
        b.ToTable("conversation_history");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Kind).HasMaxLength(32);
        b.Property(x => x.From).HasMaxLength(200);
        b.Property(x => x.To).HasMaxLength(200);
        b.Property(x => x.Actor).HasMaxLength(320);
        b.HasIndex(x => new { x.ConversationId, x.At });
    }
}

internal sealed class ConversationFactConfiguration : IEntityTypeConfiguration<ConversationFact>
{
    public void Configure(EntityTypeBuilder<ConversationFact> b)
    {
        b.ToTable("conversation_facts");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Kind).HasMaxLength(32);
        b.Property(x => x.Channel).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Priority).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.FromStatus).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.ToStatus).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Topic).HasMaxLength(64);
        b.Property(x => x.AssigneeId).HasMaxLength(64);
        // Reports read facts by kind and period.
        b.HasIndex(x => new { x.Kind, x.At });
        b.HasIndex(x => x.ConversationId);
        // A new conversation looks for the same customer's recent resolves (first-contact resolution) inside its save.
        b.HasIndex(x => new { x.CustomerId, x.Kind, x.At });
    }
}
