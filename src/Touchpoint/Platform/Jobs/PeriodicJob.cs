using System.Diagnostics;
using Touchpoint.Platform.Observability;
using Touchpoint.Platform.Persistence;

namespace Touchpoint.Platform.Jobs;

/// <summary>What a background job reports about itself: for <c>/healthz</c>, the System page and the logs.</summary>
public sealed record JobStatus(string Name, DateTime? LastRunAt, DateTime? LastSuccessAt, string? LastError, DateTime? LastErrorAt, int ConsecutiveFailures, int LastWork, TimeSpan Interval)
{
    /// <summary>Late when it has not succeeded for three of its intervals (a minute at least) since it started or last succeeded.</summary>
    public bool IsStalled(DateTime now, DateTime startedAt) =>
        now - (LastSuccessAt ?? startedAt) > TimeSpan.FromTicks(Math.Max(Interval.Ticks * 3, TimeSpan.FromMinutes(1).Ticks));
}

/// <summary>A background worker that reports its status (<see cref="JobStatus"/>); the periodic jobs, and the workers that are not periodic.</summary>
public interface IBackgroundWork
{
    JobStatus Status { get; }

    /// <summary>When this instance started the worker (the reference for "late" before its first success).</summary>
    DateTime StartedAt { get; }

    /// <summary>Whether its loop runs in this instance (a job switched off by configuration reports, but is not judged).</summary>
    bool IsRunning { get; }
}

/// <summary>A source of several workers that come and go (one IMAP reader per mailbox), each reported like a job.</summary>
public interface IBackgroundWorkers
{
    IEnumerable<IBackgroundWork> Workers { get; }
}

/// <summary>A worker's status kept by a loop that is not a <see cref="PeriodicJob"/> (a connection held open, a queue read).</summary>
public sealed class WorkerStatus(string name, TimeSpan interval, DateTime startedAt) : IBackgroundWork
{
    private readonly object _gate = new();
    private JobStatus _status = new(name, null, null, null, null, 0, 0, interval);

    public JobStatus Status { get { lock (_gate) { return _status; } } }

    public DateTime StartedAt { get; } = startedAt;

    /// <summary>Whether the loop is doing the work here now (a reader waiting for another instance's lease is not judged).</summary>
    public bool IsRunning { get; set; }

    public void Succeeded(DateTime at, int work)
    {
        lock (_gate) { _status = _status with { LastRunAt = at, LastSuccessAt = at, ConsecutiveFailures = 0, LastWork = work }; }
    }

    public void Failed(DateTime at, Exception error)
    {
        lock (_gate)
        {
            _status = _status with { LastRunAt = at, LastError = $"{error.GetType().Name}: {error.Message}", LastErrorAt = at, ConsecutiveFailures = _status.ConsecutiveFailures + 1 };
        }
    }
}

public static class BackgroundWork
{
    /// <summary>Every worker of this instance: the registered jobs and the workers of each <see cref="IBackgroundWorkers"/>.</summary>
    public static IEnumerable<IBackgroundWork> All(IServiceProvider services) =>
        services.GetServices<IBackgroundWork>().Concat(services.GetServices<IBackgroundWorkers>().SelectMany(w => w.Workers));
}

/// <summary>
/// The one way to write a periodic job (sweepers, roll-ups, survey sends): every <see cref="Interval"/>, or sooner when
/// <see cref="Wake"/> is called, one <see cref="RunPassAsync"/> — under a database lease named after the job when
/// <see cref="Leased"/>, so two instances never run it at the same time. A failed pass is logged with the job's name and
/// retried with back-off (doubling from the interval up to <see cref="MaxBackoff"/>), never ending the loop; each pass
/// is timed into <see cref="TouchpointMetrics"/> and its outcome kept in <see cref="Status"/>. Tests call
/// <see cref="RunNowAsync"/> with the background loop off.
/// </summary>
public abstract partial class PeriodicJob(IServiceScopeFactory scopes, TimeProvider time, ILogger logger) : BackgroundService, IBackgroundWork
{
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly SemaphoreSlim _one = new(1, 1);
    private readonly object _gate = new();
    private JobStatus? _status;

    /// <summary>The lease's name and the job's name in logs, metrics and health: <c>orders.delay-sweep</c>.</summary>
    public abstract string Name { get; }

    protected abstract TimeSpan Interval { get; }

    /// <summary>Whether one instance at a time runs it (a lease); off for work each instance does for itself.</summary>
    protected virtual bool Leased => true;

    /// <summary>Longer than a pass may take: a crashed holder's lease runs out and another instance takes over.</summary>
    protected virtual TimeSpan LeaseDuration => Interval * 2 + TimeSpan.FromMinutes(1);

    protected virtual TimeSpan MaxBackoff => TimeSpan.FromMinutes(5);

    /// <summary>
    /// The clock that spaces passes. Business time by default (a sweeper follows the store's clock); a job that polls for
    /// what other instances wrote (the outbox, routing) spaces its passes in wall-clock time, so a test clock that stands
    /// still never stops it and one that jumps months ahead never replays it.
    /// </summary>
    protected virtual TimeProvider Cadence => time;

    /// <summary>How long to wait after a pass that did <paramref name="work"/>: the interval, or less when work is left over (a full batch).</summary>
    protected virtual TimeSpan DelayAfter(int work) => Interval;

    public DateTime StartedAt { get; } = time.GetUtcNow().UtcDateTime;

    /// <summary>The job's scopes and business clock, for work a subclass also runs outside a pass.</summary>
    protected IServiceScopeFactory Scopes => scopes;

    protected TimeProvider Clock => time;

    public bool IsRunning => ExecuteTask is { IsCompleted: false };

    public JobStatus Status
    {
        get
        {
            lock (_gate)
            {
                return _status ??= new JobStatus(Name, null, null, null, null, 0, 0, Interval);
            }
        }
    }

    /// <summary>One pass: the work done (rows, messages) for the logs; call <see cref="JobPass.RenewAsync"/> between batches of a long pass.</summary>
    protected abstract Task<int> RunPassAsync(JobPass pass, CancellationToken ct);

    /// <summary>Run a pass soon instead of at the next interval (something changed that the job should see).</summary>
    public void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            try
            {
                _wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already woken.
            }
        }
    }

    /// <summary>
    /// One pass now, as the loop would run it (lease, status, metrics); returns its work, or 0 when another holder has the
    /// lease. Failures propagate to the caller (the loop logs them and backs off).
    /// </summary>
    public async Task<int> RunNowAsync(CancellationToken ct, string? holder = null)
    {
        await _one.WaitAsync(ct);
        var watch = Stopwatch.StartNew();
        var startedAt = time.GetUtcNow().UtcDateTime;
        using var activity = TouchpointMetrics.Activities.StartActivity($"job {Name}");
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var pass = new JobPass(this, scope.ServiceProvider, holder ?? JobLeases.InstanceId, time);
            if (Leased && !await pass.RenewAsync(ct))
            {
                return 0;
            }
            var work = await RunPassAsync(pass, ct);
            Record(startedAt, work, null);
            TouchpointMetrics.JobPassSeconds.Record(watch.Elapsed.TotalSeconds, new("job", Name), new("outcome", "ok"));
            return work;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            Record(startedAt, 0, ex);
            TouchpointMetrics.JobPassSeconds.Record(watch.Elapsed.TotalSeconds, new("job", Name), new("outcome", "failed"));
            TouchpointMetrics.JobFailures.Add(1, new KeyValuePair<string, object?>("job", Name));
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            throw;
        }
        finally
        {
            _one.Release();
        }
    }

    private void Record(DateTime at, int work, Exception? error)
    {
        lock (_gate)
        {
            var s = Status;
            _status = error is null
                ? s with { LastRunAt = at, LastSuccessAt = time.GetUtcNow().UtcDateTime, ConsecutiveFailures = 0, LastWork = work }
                : s with { LastRunAt = at, LastError = $"{error.GetType().Name}: {error.Message}", LastErrorAt = time.GetUtcNow().UtcDateTime, ConsecutiveFailures = s.ConsecutiveFailures + 1 };
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.Zero;
        while (!stoppingToken.IsCancellationRequested)
        {
            if (delay > TimeSpan.Zero)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                var woken = _wake.WaitAsync(wait.Token);
                var timer = Task.Delay(delay, Cadence, wait.Token);
                await Task.WhenAny(woken, timer);
                await wait.CancelAsync();
                if (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
            }
            try
            {
                var work = await RunNowAsync(stoppingToken);
                if (work > 0)
                {
                    LogPass(Name, work);
                }
                delay = DelayAfter(work);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                var failures = Status.ConsecutiveFailures;
                delay = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, Interval.Ticks * (1L << Math.Min(failures - 1, 16))));
                LogFailed(ex, Name, failures, delay);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Job}: {Work} done")]
    private partial void LogPass(string job, int work);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Job} failed ({Failures} in a row); next try in {Delay}")]
    private partial void LogFailed(Exception ex, string job, int failures, TimeSpan delay);

    /// <summary>One pass's context: its scope's services, its database, the lease holder.</summary>
    public sealed class JobPass(PeriodicJob job, IServiceProvider services, string holder, TimeProvider time)
    {
        public IServiceProvider Services => services;

        public TouchpointDb Db => services.GetRequiredService<TouchpointDb>();

        public string Holder => holder;

        public DateTime Now => time.GetUtcNow().UtcDateTime;

        /// <summary>Takes or renews the job's lease; false when another instance holds it (the pass should stop).</summary>
        public Task<bool> RenewAsync(CancellationToken ct) =>
            !job.Leased ? Task.FromResult(true) : JobLeases.TryAcquireAsync(Db, job.Name, holder, Now, job.LeaseDuration, ct);
    }
}
