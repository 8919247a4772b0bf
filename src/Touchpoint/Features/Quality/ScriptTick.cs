using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Touchpoint.Features.Quality;

/// <summary>
/// One SPIN question on one sales conversation: whether the agent asked it and what the customer answered. Kept in
/// Quality, not Knowledge: Knowledge (the scripts) may not know conversations, and the sales scorecard's review reads
/// these ticks. The group is copied from the script, so coverage stays readable when the script changes later.
/// </summary>
public sealed class ScriptTick
{
    public const int MaxNoteChars = 500;

    public long ConversationNumber { get; private init; }
    public string Script { get; private init; } = "";
    public string Question { get; private init; } = "";
    public string Group { get; private set; } = "";
    public bool Asked { get; private set; }
    public string? Note { get; private set; }
    public DateTime UpdatedAt { get; private set; }
    public string UpdatedBy { get; private set; } = "";

    public static ScriptTick Start(long conversation, string script, string question) =>
        new() { ConversationNumber = conversation, Script = script, Question = question };

    public void Mark(string group, bool asked, string? note, DateTime now, string actor)
    {
        Group = group;
        Asked = asked;
        Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        UpdatedAt = now;
        UpdatedBy = actor;
    }
}

internal sealed class ScriptTickConfiguration : IEntityTypeConfiguration<ScriptTick>
{
    public void Configure(EntityTypeBuilder<ScriptTick> b)
    {
        b.ToTable("quality_script_ticks");
        b.HasKey(x => new { x.ConversationNumber, x.Script, x.Question });
        b.Property(x => x.Script).HasMaxLength(64);
        b.Property(x => x.Question).HasMaxLength(32);
        b.Property(x => x.Group).HasMaxLength(16);
        b.Property(x => x.Note).HasMaxLength(ScriptTick.MaxNoteChars);
        b.Property(x => x.UpdatedBy).HasMaxLength(320);
    }
}
