using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Touchpoint.Platform.Jobs;
using Touchpoint.Platform.Persistence;

namespace Touchpoint.Platform.Outbox;

/// <summary>Delivers one channel's messages. Throwing means "try again later".</summary>
public interface IOutboxSender
{
    string Channel { get; }

    Task SendAsync(OutboxMessage message, CancellationToken cancellationToken);
}

/// <summary>A sender that knows retrying cannot help (e.g. the address is malformed).</summary>
public sealed class PermanentDeliveryException(string message, Exception? inner = null) : Exception(message, inner);

public sealed class OutboxOptions
{
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 12;

    [Range(1, 500)]
    public int BatchSize { get; set; } = 50;

    [Range(1, 64)]
    public int Concurrency { get; set; } = 4;

    /// <summary>How long a claimed message stays invisible to other instances while it is being sent.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    public bool Enabled { get; set; } = true;

    /// <summary>How often one message may be sent again by hand in 24 hours (a resend button must not become a way to flood a customer).</summary>
    [Range(1, 100)]
    public int MaxResendsPerDay { get; set; } = 3;

    /// <summary>The least time between two resends of one message.</summary>
    public TimeSpan ResendSpacing { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a message may stay due and unsent before <c>/healthz</c> says the outbox is not draining.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan StalledAfter { get; set; } = TimeSpan.FromMinutes(10);
}

/// <summary>Wakes the dispatcher as soon as a transaction wrote outbox rows, instead of waiting for the poll.</summary>
public sealed class OutboxSignal
{
    public event Action? Notified;

    public void Notify() => Notified?.Invoke();
}

public static class OutboxBackoff
{
    /// <summary>10 s, 30 s, 1 min, 2 min, 5 min, 10 min, 20 min, 40 min, then hourly.</summary>
    public static TimeSpan After(int attempts) => attempts switch
    {
        <= 1 => TimeSpan.FromSeconds(10),
        2 => TimeSpan.FromSeconds(30),
        3 => TimeSpan.FromMinutes(1),
        4 => TimeSpan.FromMinutes(2),
        5 => TimeSpan.FromMinutes(5),
        6 => TimeSpan.FromMinutes(10),
        7 => TimeSpan.FromMinutes(20),
        8 => TimeSpan.FromMinutes(40),
        _ => TimeSpan.FromHours(1),
    };
}

/// <summary>
/// Sends pending outbox messages after commit, at least once: a message is claimed by a conditional
/// update (so two instances never send the same one at the same time), sent, then marked. A crash
/// between send and mark sends it again after the lease expires; receivers dedupe by the message id.
/// A periodic job in every instance (no job lease: the claim is per message), woken by <see cref="OutboxSignal"/>
/// when a commit wrote messages, and straight on while batches come back full.
/// </summary>
public sealed partial class OutboxDispatcher(
    IServiceScopeFactory scopes,
    IEnumerable<IOutboxSender> senders,
    OutboxSignal signal,
    TimeProvider time,
    IOptions<OutboxOptions> options,
    ILogger<OutboxDispatcher> logger) : PeriodicJob(scopes, time, logger)
{
    private readonly Dictionary<string, IOutboxSender> _senders = senders.ToDictionary(s => s.Channel, StringComparer.Ordinal);

    public override string Name => "outbox.dispatch";

    protected override TimeSpan Interval => options.Value.PollInterval;

    protected override bool Leased => false;

    protected override TimeProvider Cadence => TimeProvider.System;

    /// <summary>A failing database or sender must not hold mail back for minutes.</summary>
    protected override TimeSpan MaxBackoff => TimeSpan.FromSeconds(30);

    protected override TimeSpan DelayAfter(int work) => work >= options.Value.BatchSize ? TimeSpan.Zero : Interval;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        signal.Notified += Wake;
        return base.StartAsync(cancellationToken);
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        signal.Notified -= Wake;
        return base.StopAsync(cancellationToken);
    }

    protected override Task<int> RunPassAsync(JobPass pass, CancellationToken ct) => RunOnceAsync(ct);

    /// <summary>Claims and sends one batch of due messages; returns how many were handled.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var o = options.Value;
        var now = Clock.GetUtcNow().UtcDateTime;
        List<Guid> candidates;
        using (var scope = Scopes.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TouchpointDb>();
            candidates = await db.Set<OutboxMessage>()
                .Where(m => m.State == OutboxState.Pending && m.NextAttemptAt <= now && (m.LockedUntil == null || m.LockedUntil < now))
                .OrderBy(m => m.NextAttemptAt)
                .Select(m => m.Id)
                .Take(o.BatchSize)
                .ToListAsync(ct);
        }
        if (candidates.Count == 0)
        {
            return 0;
        }
        await Parallel.ForEachAsync(candidates, new ParallelOptions { MaxDegreeOfParallelism = o.Concurrency, CancellationToken = ct },
            async (id, token) => await ClaimAndSendAsync(id, token));
        return candidates.Count;
    }

    private async Task ClaimAndSendAsync(Guid id, CancellationToken ct)
    {
        var o = options.Value;
        using var scope = Scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TouchpointDb>();
        var now = Clock.GetUtcNow().UtcDateTime;
        var leaseUntil = now + o.LeaseDuration;
        var claimed = await db.WriteAsync(() => db.Set<OutboxMessage>()
            .Where(m => m.Id == id && m.State == OutboxState.Pending && (m.LockedUntil == null || m.LockedUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LockedUntil, leaseUntil), ct), ct);
        if (claimed == 0)
        {
            return;
        }
        var message = await db.Set<OutboxMessage>().SingleAsync(m => m.Id == id, ct);
        message.Attempts++;
        try
        {
            if (!_senders.TryGetValue(message.Channel, out var sender))
            {
                throw new PermanentDeliveryException($"No sender for channel '{message.Channel}'.");
            }
            await sender.SendAsync(message, ct);
            message.State = OutboxState.Sent;
            message.SentAt = Clock.GetUtcNow().UtcDateTime;
            message.LastError = null;
            LogSent(message.Id, message.Channel, message.Kind, message.Attempts);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down: leave the lease to expire so another run picks it up; the attempt does not count.
            return;
        }
        catch (Exception ex)
        {
            var permanent = ex is PermanentDeliveryException || message.Attempts >= o.MaxAttempts;
            message.LastError = Truncate($"{ex.GetType().Name}: {ex.Message}", 2000);
            if (permanent)
            {
                message.State = OutboxState.Failed;
                LogGaveUp(message.Id, message.Channel, message.Attempts, ex.GetType().Name);
            }
            else
            {
                message.NextAttemptAt = Clock.GetUtcNow().UtcDateTime + OutboxBackoff.After(message.Attempts);
                LogWillRetry(message.Id, message.Channel, message.Attempts, message.NextAttemptAt, ex.GetType().Name);
            }
        }
        message.LockedUntil = null;
        if (message.Secret && message.State != OutboxState.Pending)
        {
            message.Body = "";
            message.HtmlBody = null;
        }
        await db.SaveChangesAsync(CancellationToken.None);
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];

    [LoggerMessage(Level = LogLevel.Debug, Message = "Outbox message {Id} sent by {Channel} ({Kind}), attempt {Attempt}")]
    private partial void LogSent(Guid id, string channel, string kind, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox message {Id} via {Channel} failed (attempt {Attempt}, {Error}); next try at {NextAttemptAt:o}")]
    private partial void LogWillRetry(Guid id, string channel, int attempt, DateTime nextAttemptAt, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox message {Id} via {Channel} gave up after {Attempt} attempts ({Error})")]
    private partial void LogGaveUp(Guid id, string channel, int attempt, string error);
}

public static class OutboxModule
{
    public static IServiceCollection AddOutbox(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OutboxOptions>().BindConfiguration("Touchpoint:Outbox").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<OutboxSignal>();
        services.AddPeriodicJob<OutboxDispatcher>(configuration.GetValue("Touchpoint:Outbox:Enabled", true));
        return services;
    }

    public enum Resend
    {
        Queued,
        NotFound,

        /// <summary>Sent again too often, or too recently (<see cref="OutboxOptions.MaxResendsPerDay"/>, <see cref="OutboxOptions.ResendSpacing"/>).</summary>
        TooOften,
    }

    /// <summary>Queues a copy of a message (a person asked to send it again); the original stays in the log.</summary>
    public static async Task<(Resend Outcome, OutboxMessage? Copy)> ResendAsync(this TouchpointDb db, Guid id, OutboxOptions options, DateTime now, CancellationToken ct)
    {
        var original = await db.Set<OutboxMessage>().AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct);
        // A secret message (a reset link) is never sent again: the person asks for a new one.
        if (original is null || original.Secret)
        {
            return (Resend.NotFound, null);
        }
        var root = original.ResendOf ?? original.Id;
        var since = now.AddDays(-1);
        var recent = await db.Set<OutboxMessage>().AsNoTracking().Where(m => m.ResendOf == root && m.CreatedAt > since).Select(m => m.CreatedAt).ToListAsync(ct);
        if (recent.Count >= options.MaxResendsPerDay || recent.Any(at => at > now - options.ResendSpacing))
        {
            return (Resend.TooOften, null);
        }
        var copy = db.Enqueue(new OutboxMessage
        {
            Channel = original.Channel, Kind = original.Kind, SubjectType = original.SubjectType, SubjectId = original.SubjectId,
            Recipient = original.Recipient, Title = original.Title, Body = original.Body, HtmlBody = original.HtmlBody,
            Attachments = original.Attachments,
            Language = original.Language, CreatedAt = now, NextAttemptAt = now, ResendOf = original.ResendOf ?? original.Id,
        });
        await db.SaveChangesAsync(ct);
        return (Resend.Queued, copy);
    }

    /// <summary>Queues a message in the caller's DbContext; it is sent after the caller's SaveChanges commits.</summary>
    public static OutboxMessage Enqueue(this TouchpointDb db, OutboxMessage message)
    {
        db.Set<OutboxMessage>().Add(message);
        return message;
    }
}
