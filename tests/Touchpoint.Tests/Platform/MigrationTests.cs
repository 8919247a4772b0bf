using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using Touchpoint.Features.Knowledge;
using Touchpoint.Platform.Persistence;
using Touchpoint.Tests.Infrastructure;

namespace Touchpoint.Tests.Platform;

/// <summary>
/// The schema and the model agree for both providers (a model change without a migration for either fails here, and
/// the app no longer hides it), and data written before a migration survives it.
/// </summary>
public sealed class MigrationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Neither_provider_has_model_changes_without_a_migration()
    {
        using var sqlite = new SqliteDesignTimeFactory().CreateDbContext([]);
        Assert.False(sqlite.Database.HasPendingModelChanges(), "SQLite: the model changed without a migration; run tools/migration.sh add NAME");
        using var postgres = new PostgresDesignTimeFactory().CreateDbContext([]);
        Assert.False(postgres.Database.HasPendingModelChanges(), "PostgreSQL: the model changed without a migration; run tools/migration.sh add NAME");
    }

    [Fact]
    public void Both_providers_have_the_same_migrations()
    {
        static IEnumerable<string> Names(DbContext db) => db.Database.GetMigrations().Select(m => m[(m.IndexOf('_') + 1)..]);
        using var sqlite = new SqliteDesignTimeFactory().CreateDbContext([]);
        using var postgres = new PostgresDesignTimeFactory().CreateDbContext([]);
        Assert.Equal(Names(sqlite), Names(postgres));
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task A_topic_renamed_before_names_became_localized_text_keeps_its_names(Provider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.Context();
        var migrator = db.GetService<IMigrator>();
        var migrations = db.Database.GetMigrations().ToList();
        var before = migrations[migrations.FindIndex(m => m.EndsWith("_LocalizedNames", StringComparison.Ordinal)) - 1];
        await migrator.MigrateAsync(before, Ct);
        await db.Database.ExecuteSqlRawAsync("""UPDATE topics SET "NameRu" = 'Возврат товара', "NamePl" = 'Zwrot towaru' WHERE "Key" = 'returns'""", Ct);
        await db.Database.ExecuteSqlRawAsync("""INSERT INTO topics ("Key", "NameEn", "NameRu", "NamePl", "Position", "Active") VALUES ('gift_cards', 'Gift cards', 'Подарочные карты', 'Karty podarunkowe', 8, TRUE)""", Ct);

        await migrator.MigrateAsync(cancellationToken: Ct);

        var topics = await db.Set<Topic>().AsNoTracking().ToDictionaryAsync(t => t.Key, Ct);
        Assert.Equal(("Returns", "Возврат товара", "Zwrot towaru"), (topics["returns"].Name("en"), topics["returns"].Name("ru"), topics["returns"].Name("pl")));
        Assert.Equal(("Gift cards", "Подарочные карты", "Karty podarunkowe"), (topics["gift_cards"].Name("en"), topics["gift_cards"].Name("ru"), topics["gift_cards"].Name("pl")));
        Assert.Equal("Другое", topics["other"].Name("ru"));

        // And back down: the columns per language come back with the same names.
        await migrator.MigrateAsync(before, Ct);
        var ru = await db.Database.SqlQueryRaw<string>("""SELECT "NameRu" AS "Value" FROM topics WHERE "Key" = 'gift_cards'""").SingleAsync(Ct);
        Assert.Equal("Подарочные карты", ru);
    }

    /// <summary>An empty database of one provider, dropped afterwards.</summary>
    private sealed class TestDatabase : IAsyncDisposable
    {
        private readonly Provider _provider;
        private readonly string _connectionString;
        private readonly string? _pgName;
        private readonly string? _file;

        private TestDatabase(Provider provider, string connectionString, string? pgName, string? file) =>
            (_provider, _connectionString, _pgName, _file) = (provider, connectionString, pgName, file);

        public static async Task<TestDatabase> CreateAsync(Provider provider)
        {
            if (provider == Provider.Sqlite)
            {
                var file = Path.Combine(Path.GetTempPath(), $"tp-migrate-{Guid.NewGuid():N}.db");
                return new TestDatabase(provider, $"Data Source={file};Pooling=false", null, file);
            }
            var admin = TestEnvironment.RequirePostgres();
            var name = $"tp_migrate_{Guid.NewGuid():N}";
            await using var connection = new NpgsqlConnection(admin);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
            return new TestDatabase(provider, new NpgsqlConnectionStringBuilder(admin) { Database = name, Pooling = false }.ConnectionString, name, null);
        }

        public TouchpointDb Context()
        {
            if (_provider == Provider.Sqlite)
            {
                var o = new DbContextOptionsBuilder<SqliteTouchpointDb>();
                PersistenceModule.ConfigureSqlite(o, _connectionString);
                return new SqliteTouchpointDb(o.Options);
            }
            var p = new DbContextOptionsBuilder<PostgresTouchpointDb>();
            PersistenceModule.ConfigurePostgres(p, _connectionString);
            return new PostgresTouchpointDb(p.Options);
        }

        public async ValueTask DisposeAsync()
        {
            if (_file is not null)
            {
                File.Delete(_file);
            }
            if (_pgName is not null)
            {
                await using var connection = new NpgsqlConnection(TestEnvironment.Postgres);
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_pgName}\" WITH (FORCE)", connection);
                await command.ExecuteNonQueryAsync();
            }
        }
    }
}
