using System.Diagnostics;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Touchpoint.Platform.Events;
using Touchpoint.Platform.Observability;
using Touchpoint.Platform.Outbox;
using Touchpoint.Platform.Web;

namespace Touchpoint.Platform.Persistence;

/// <summary>The one DbContext. Features map their own entities with IEntityTypeConfiguration in this
/// assembly and reach them through <c>Set&lt;T&gt;()</c>, so Platform never names a feature type.</summary>
public abstract class TouchpointDb(DbContextOptions options, DomainEventDispatcher? events, OutboxSignal? outboxSignal)
    : IdentityDbContext<TouchpointUser>(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public abstract DatabaseProvider Provider { get; }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(TouchpointDb).Assembly, t => !t.IsAbstract);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every instant is UTC. SQLite gives back Unspecified kinds and PostgreSQL refuses
        // non-UTC values for timestamptz; one converter makes both behave the same.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<NullableUtcConverter>();
    }

    public override Task<int> SaveChangesAsync(CancellationToken cancellationToken = default) =>
        SaveChangesAsync(acceptAllChangesOnSuccess: true, cancellationToken);

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        await DispatchEventsAsync(cancellationToken);
        if (events is not null)
        {
            foreach (var participant in events.Services.GetServices<ISaveParticipant>())
            {
                await participant.BeforeWriteAsync(this, cancellationToken);
            }
        }
        var queued = outboxSignal is not null && EntriesWithoutDetecting<OutboxMessage>().Any(e => e.State == EntityState.Added);
        var written = await WriteAsync(() => base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken), cancellationToken);
        if (queued && Database.CurrentTransaction is null)
        {
            outboxSignal!.Notify();
        }
        return written;
    }

    /// <summary>Framework code (data protection keys) saves synchronously; our own entities with events must not.</summary>
    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        EntriesWithoutDetecting<EventSource>().Any(e => e.Entity.PendingEvents.Count > 0)
            ? throw new InvalidOperationException("Use SaveChangesAsync so domain events are handled.")
            : base.SaveChanges(acceptAllChangesOnSuccess);

    /// <summary>
    /// SQLite allows one writer at a time and makes the others wait in a sleeping busy handler, which collapses
    /// throughput under concurrent requests. Writers of this process queue here instead, in order, and SQLite
    /// never sees contention from us. PostgreSQL needs no gate.
    /// </summary>
    private static readonly SemaphoreSlim SqliteWriter = new(1, 1);

    /// <summary>Runs one write (SaveChanges, ExecuteUpdate, ExecuteDelete) through the provider's write gate.</summary>
    public async Task<T> WriteAsync<T>(Func<Task<T>> write, CancellationToken cancellationToken = default)
    {
        if (Provider != DatabaseProvider.Sqlite || Database.CurrentTransaction is not null)
        {
            return await write();
        }
        var waitStarted = Stopwatch.GetTimestamp();
        await SqliteWriter.WaitAsync(cancellationToken);
        TouchpointMetrics.WriteGateWaitSeconds.Record(Stopwatch.GetElapsedTime(waitStarted).TotalSeconds);
        try
        {
            return await write();
        }
        finally
        {
            SqliteWriter.Release();
        }
    }

    /// <summary>Handlers may raise further events (or touch more entities): loop until quiet.</summary>
    private async Task DispatchEventsAsync(CancellationToken ct)
    {
        for (var round = 0; round < 10; round++)
        {
            // Events live on tracked entities; no need to scan property values for changes to find them.
            var raised = EntriesWithoutDetecting<EventSource>()
                .SelectMany(e => e.Entity.TakeEvents())
                .ToList();
            if (raised.Count == 0)
            {
                return;
            }
            if (events is null)
            {
                throw new InvalidOperationException("Domain events were raised but no dispatcher is available.");
            }
            foreach (var domainEvent in raised)
            {
                await events.DispatchAsync(domainEvent, ct);
            }
        }
        throw new InvalidOperationException("Domain events kept raising events for 10 rounds.");
    }

    /// <summary>Tracked entries as they are, without a DetectChanges pass (SaveChanges runs one anyway).</summary>
    private List<Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry<T>> EntriesWithoutDetecting<T>() where T : class
    {
        var auto = ChangeTracker.AutoDetectChangesEnabled;
        ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            return ChangeTracker.Entries<T>().ToList();
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = auto;
        }
    }

    private sealed class UtcConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

    private sealed class NullableUtcConverter() : ValueConverter<DateTime?, DateTime?>(
        v => v == null ? v : v.Value.Kind == DateTimeKind.Utc ? v : v.Value.ToUniversalTime(),
        v => v == null ? v : DateTime.SpecifyKind(v.Value, DateTimeKind.Utc));
}

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

public sealed class SqliteTouchpointDb(DbContextOptions<SqliteTouchpointDb> options, DomainEventDispatcher? events = null, OutboxSignal? outboxSignal = null)
    : TouchpointDb(options, events, outboxSignal)
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresTouchpointDb(DbContextOptions<PostgresTouchpointDb> options, DomainEventDispatcher? events = null, OutboxSignal? outboxSignal = null)
    : TouchpointDb(options, events, outboxSignal)
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
