using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Touchpoint.Features.Search;

/// <summary>
/// A conversation as the text index holds it: the subject and the text of its messages (without quoted earlier mail),
/// keyed by the conversation's number. On SQLite the table is an FTS5 virtual table (the number is its rowid); on
/// PostgreSQL an ordinary table with a generated, language-aware <c>tsvector</c> and a GIN index (see the migration).
/// Written only by <see cref="SearchIndexer"/>, inside the save that changes the conversation.
/// </summary>
public sealed class ConversationDocument
{
    /// <summary>The largest body kept: the index is for finding, the conversation page shows everything.</summary>
    public const int MaxBodyChars = 20_000;

    public long Number { get; init; }
    public string Subject { get; set; } = "";
    public string Body { get; set; } = "";

    /// <summary>The conversation's language (en, ru, pl, …): PostgreSQL picks its text search configuration from it.</summary>
    public string Language { get; set; } = "en";

    public DateTime At { get; set; }

    public void Append(string text, DateTime at)
    {
        if (!string.IsNullOrWhiteSpace(text) && Body.Length < MaxBodyChars)
        {
            var joined = Body.Length == 0 ? text.Trim() : Body + "\n" + text.Trim();
            Body = joined.Length > MaxBodyChars ? joined[..MaxBodyChars] : joined;
        }
        At = at;
    }
}

/// <summary>
/// One prefix of one word of a customer's name (normalised: lower case, no diacritics), so type-ahead on a first name or
/// a surname is an equality lookup on an ordinary index, the same on both providers. Emails and phones are looked up
/// on the customers' own indexes.
/// </summary>
public sealed class CustomerTerm
{
    public required string Term { get; init; }
    public Guid CustomerId { get; init; }
}

internal sealed class ConversationDocumentConfiguration : IEntityTypeConfiguration<ConversationDocument>
{
    public void Configure(EntityTypeBuilder<ConversationDocument> b)
    {
        // The SQLite migration creates this table as FTS5, and virtual tables refuse UPDATE … RETURNING.
        b.ToTable(SearchSql.ConversationTable, t => t.UseSqlReturningClause(false));
        b.HasKey(x => x.Number);
        b.Property(x => x.Number).HasColumnName("rowid").ValueGeneratedNever();
        b.Property(x => x.Language).HasMaxLength(8);
    }
}

internal sealed class CustomerTermConfiguration : IEntityTypeConfiguration<CustomerTerm>
{
    public void Configure(EntityTypeBuilder<CustomerTerm> b)
    {
        b.ToTable("search_customer_terms");
        b.HasKey(x => new { x.Term, x.CustomerId });
        b.Property(x => x.Term).HasMaxLength(SearchText.MaxTermChars);
        b.HasIndex(x => x.CustomerId);
    }
}
