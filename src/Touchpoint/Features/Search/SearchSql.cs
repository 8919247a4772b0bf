using Microsoft.EntityFrameworkCore;
using Touchpoint.Platform.Persistence;

namespace Touchpoint.Features.Search;

/// <summary>A conversation the text index found, newest first, with its snippet (matches between \u0001 and \u0002).</summary>
public sealed class ConversationHit
{
    public long Number { get; init; }
    public string? Snippet { get; init; }
}

/// <summary>
/// The text index in each provider's own SQL: what the migration creates and how it is asked. The words handed in are
/// letters and digits only (<see cref="SearchText.Words"/>) and are passed as parameters; the query syntax around them
/// (FTS5 phrases with <c>*</c>, tsquery <c>&amp;</c> and <c>:*</c>) is written here, never taken from the user.
/// </summary>
public static class SearchSql
{
    public const string ConversationTable = "search_conversations";

    /// <summary>SQLite: FTS5 with its own copy of the text (for snippets), diacritics folded, prefix indexes for type-ahead.</summary>
    public const string SqliteCreate = """
        CREATE VIRTUAL TABLE search_conversations USING fts5(
            "Subject", "Body", "Language" UNINDEXED, "At" UNINDEXED,
            tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');
        """;

    public const string SqliteDrop = "DROP TABLE IF EXISTS search_conversations;";

    /// <summary>
    /// PostgreSQL: <c>touchpoint_simple</c> is <c>simple</c> with <c>unaccent</c> when the extension can be had (Polish has
    /// no dictionary in a stock server: words are matched as written, diacritics folded), else plain <c>simple</c>. The
    /// vector is generated from the conversation's language: ru → russian, en → english, others → touchpoint_simple.
    /// </summary>
    public const string PostgresCreate = """
        DO $$
        BEGIN
            BEGIN
                CREATE EXTENSION IF NOT EXISTS unaccent;
            EXCEPTION WHEN OTHERS THEN
                RAISE NOTICE 'unaccent is not available: touchpoint_simple keeps diacritics';
            END;
            IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'touchpoint_simple') THEN
                CREATE TEXT SEARCH CONFIGURATION touchpoint_simple (COPY = simple);
                IF EXISTS (SELECT 1 FROM pg_ts_dict WHERE dictname = 'unaccent') THEN
                    ALTER TEXT SEARCH CONFIGURATION touchpoint_simple ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;
                END IF;
            END IF;
        END $$;
        ALTER TABLE search_conversations ADD COLUMN "Vector" tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector(CASE "Language" WHEN 'ru' THEN 'russian'::regconfig WHEN 'en' THEN 'english'::regconfig ELSE 'touchpoint_simple'::regconfig END, "Subject"), 'A')
            || to_tsvector(CASE "Language" WHEN 'ru' THEN 'russian'::regconfig WHEN 'en' THEN 'english'::regconfig ELSE 'touchpoint_simple'::regconfig END, "Body")) STORED;
        CREATE INDEX "IX_search_conversations_Vector" ON search_conversations USING gin ("Vector");
        """;

    public const string PostgresDrop = "DROP TEXT SEARCH CONFIGURATION IF EXISTS touchpoint_simple;";

    /// <summary>Conversations whose subject or messages have every word (the last as a prefix, for type-ahead), newest first.</summary>
    public static Task<List<ConversationHit>> ConversationsAsync(TouchpointDb db, IReadOnlyList<string> words, int take, CancellationToken ct)
    {
        if (words.Count == 0)
        {
            return Task.FromResult(new List<ConversationHit>());
        }
        return db.Provider == DatabaseProvider.Sqlite
            ? db.Database.SqlQueryRaw<ConversationHit>(
                """
                SELECT rowid AS "Number", snippet(search_conversations, 1, char(1), char(2), '…', 14) AS "Snippet"
                FROM search_conversations WHERE search_conversations MATCH {0}
                ORDER BY rowid DESC LIMIT {1}
                """, Fts5Query(words), take).ToListAsync(ct)
            : db.Database.SqlQueryRaw<ConversationHit>(
                """
                WITH q AS (SELECT to_tsquery('english', {0}) || to_tsquery('russian', {0}) || to_tsquery('touchpoint_simple', {0}) AS query)
                SELECT d."rowid" AS "Number",
                    ts_headline(CASE d."Language" WHEN 'ru' THEN 'russian'::regconfig WHEN 'en' THEN 'english'::regconfig ELSE 'touchpoint_simple'::regconfig END,
                        d."Subject" || E'\n' || d."Body", q.query, {1}) AS "Snippet"
                FROM q, LATERAL (SELECT s."rowid", s."Language", s."Subject", s."Body" FROM search_conversations s
                                 WHERE s."Vector" @@ q.query ORDER BY s."rowid" DESC LIMIT {2}) d
                ORDER BY d."rowid" DESC
                """, TsQuery(words), HeadlineOptions, take).ToListAsync(ct);
    }

    /// <summary>Each word a quoted phrase (so AND, OR, NEAR are words), the last one a prefix when it has two characters.</summary>
    public static string Fts5Query(IReadOnlyList<string> words) =>
        string.Join(" ", words.Select((w, i) => "\"" + w.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" + (i == words.Count - 1 && w.Length >= 2 ? "*" : "")));

    /// <summary>Every word (quoted lexemes), the last one a prefix.</summary>
    public static string TsQuery(IReadOnlyList<string> words) =>
        string.Join(" & ", words.Select((w, i) => "'" + w.Replace("'", "''", StringComparison.Ordinal) + "'" + (i == words.Count - 1 && w.Length >= 2 ? ":*" : "")));

    private const string HeadlineOptions = "StartSel=\u0001, StopSel=\u0002, MaxWords=22, MinWords=8, MaxFragments=2, FragmentDelimiter=\" … \"";
}
