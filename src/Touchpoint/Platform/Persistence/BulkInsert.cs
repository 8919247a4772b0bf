using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace Touchpoint.Platform.Persistence;

/// <summary>
/// Writes many new rows of one mapped entity type fast, bypassing the change tracker and domain events:
/// a prepared INSERT in one transaction on SQLite, binary COPY on PostgreSQL. Columns and value conversions
/// come from the EF model, so the rows are exactly what EF would have written. For seeding and benchmarks.
/// </summary>
public static class BulkInsert
{
    public static async Task WriteAsync<T>(TouchpointDb db, IEnumerable<T> rows, CancellationToken ct) where T : class
    {
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not mapped.");
        var table = entity.GetTableName()!;
        var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
        var columns = entity.GetProperties().Select(p => (Property: p, Column: p.GetColumnName(store)!, Mapping: p.GetRelationalTypeMapping())).ToList();
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await db.Database.OpenConnectionAsync(ct);
        }
        try
        {
            if (connection is NpgsqlConnection pg)
            {
                var copy = $"COPY \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c.Column}\""))}) FROM STDIN (FORMAT BINARY)";
                await using var writer = await pg.BeginBinaryImportAsync(copy, ct);
                foreach (var row in rows)
                {
                    await writer.StartRowAsync(ct);
                    foreach (var (property, _, mapping) in columns)
                    {
                        var value = ToProvider(property, mapping, row);
                        if (value is null) { await writer.WriteNullAsync(ct); }
                        else { await writer.WriteAsync(value, ct); }
                    }
                }
                await writer.CompleteAsync(ct);
                return;
            }
            if (connection is not SqliteConnection)
            {
                throw new NotSupportedException($"Bulk insert does not support {connection.GetType().Name}.");
            }
            await using (var pragma = connection.CreateCommand())
            {
                // Random-keyed indexes (tracking tokens, emails) thrash SQLite's default 2 MB page cache on large loads.
                pragma.CommandText = "PRAGMA cache_size=-262144;";
                await pragma.ExecuteNonQueryAsync(ct);
            }
            await using var tx = await connection.BeginTransactionAsync(ct);
            await using var command = connection.CreateCommand();
            command.Transaction = tx;
            command.CommandText = $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c.Column}\""))}) VALUES ({string.Join(", ", columns.Select((_, i) => $"@p{i}"))})";
            DbParameter[]? parameters = null;
            foreach (var row in rows)
            {
                if (parameters is null)
                {
                    // The type mapping configures each parameter (e.g. Guid as TEXT) exactly as EF's own inserts do.
                    parameters = columns.Select((c, i) => c.Mapping.CreateParameter(command, $"@p{i}", c.Property.GetGetter().GetClrValueUsingContainingEntity(row), c.Property.IsNullable)).ToArray();
                    command.Parameters.AddRange(parameters);
                    await command.PrepareAsync(ct);
                }
                else
                {
                    for (var i = 0; i < columns.Count; i++)
                    {
                        parameters[i].Value = ToProvider(columns[i].Property, columns[i].Mapping, row) ?? DBNull.Value;
                    }
                }
                await command.ExecuteNonQueryAsync(ct);
            }
            await tx.CommitAsync(ct);
        }
        finally
        {
            if (opened)
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }

    private static object? ToProvider(IProperty property, Microsoft.EntityFrameworkCore.Storage.RelationalTypeMapping mapping, object row)
    {
        var value = property.GetGetter().GetClrValueUsingContainingEntity(row);
        if (value is null)
        {
            return null;
        }
        var converter = mapping.Converter;
        if (converter is not null)
        {
            value = converter.ConvertToProvider(value);
        }
        if (value is Guid g && mapping.StoreType == "TEXT")
        {
            // EF's SQLite mapping stores Guids as upper-case text.
            return g.ToString().ToUpperInvariant();
        }
        return value;
    }
}
