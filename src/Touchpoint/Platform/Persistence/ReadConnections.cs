using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Touchpoint.Platform.Persistence;

/// <summary>
/// Open database connections for hot, read-only, hand-written queries (the public tracking page), without
/// creating a DbContext and its service scope for each request. Same database and settings as TouchpointDb.
/// </summary>
public sealed class ReadConnections : IAsyncDisposable
{
    private readonly string _connectionString;
    private readonly NpgsqlDataSource? _postgres;

    public ReadConnections(IServiceScopeFactory scopes)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TouchpointDb>();
        Provider = db.Provider;
        _connectionString = db.Database.GetConnectionString() ?? throw new InvalidOperationException("No connection string.");
        if (Provider == DatabaseProvider.Postgres)
        {
            _postgres = NpgsqlDataSource.Create(_connectionString);
        }
    }

    public DatabaseProvider Provider { get; }

    public async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        if (_postgres is not null)
        {
            return await _postgres.OpenConnectionAsync(ct);
        }
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct);
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = PersistenceModule.SqliteConnectionPragmas;
        await pragma.ExecuteNonQueryAsync(ct);
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }
}
