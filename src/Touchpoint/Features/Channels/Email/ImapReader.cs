using System.Collections.Concurrent;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using Touchpoint.Platform.Jobs;
using Touchpoint.Platform.Persistence;

namespace Touchpoint.Features.Channels.Email;

/// <summary>
/// Reads one mailbox over IMAP. The cursor (UIDVALIDITY + last UID) advances only after a message is stored, so a
/// crash re-reads at most the message in hand, and the Message-ID receipt makes that re-read land nowhere new.
/// A message that fails to import is quarantined whole and skipped: it never blocks the ones after it.
/// </summary>
public sealed partial class ImapReader(IServiceScopeFactory scopes, IOptions<EmailOptions> options, TimeProvider time, ILogger<ImapReader> logger)
{
    public sealed record PassResult(int Imported, int Duplicates, int Quarantined, int Refused);

    /// <summary>One pass over new mail in the folder, on an open client.</summary>
    public async Task<PassResult> ReadNewAsync(ImapClient client, string name, MailboxOptions mailbox, CancellationToken ct)
    {
        var folder = string.Equals(mailbox.Imap.Folder, "INBOX", StringComparison.OrdinalIgnoreCase) ? client.Inbox : await client.GetFolderAsync(mailbox.Imap.Folder, ct);
        if (!folder.IsOpen)
        {
            await folder.OpenAsync(FolderAccess.ReadWrite, ct);
        }
        var cursor = await CursorAsync(name, ct);
        var lastUid = cursor.UidValidity == folder.UidValidity ? cursor.LastUid : 0;
        if (cursor.UidValidity != folder.UidValidity && cursor.UidValidity != 0)
        {
            // The server renumbered the folder: read it all again; receipts keep anything from landing twice.
            LogUidValidityChanged(name, cursor.UidValidity, folder.UidValidity);
        }
        var uids = await folder.SearchAsync(SearchQuery.Uids(new UniqueIdRange(new UniqueId((uint)Math.Min(lastUid + 1, uint.MaxValue)), UniqueId.MaxValue)), ct);
        var fresh = uids.Where(u => u.Id > lastUid).OrderBy(u => u.Id).ToList();
        if (fresh.Count == 0)
        {
            await SaveCursorAsync(name, folder.UidValidity, lastUid, ct);
            return new PassResult(0, 0, 0, 0);
        }
        var sizes = (await folder.FetchAsync(fresh, MessageSummaryItems.Size | MessageSummaryItems.UniqueId, ct))
            .ToDictionary(s => s.UniqueId.Id, s => (long)(s.Size ?? 0));
        int imported = 0, duplicates = 0, quarantined = 0, refused = 0;
        foreach (var uid in fresh)
        {
            ct.ThrowIfCancellationRequested();
            await using var scope = scopes.CreateAsyncScope();
            var ingest = scope.ServiceProvider.GetRequiredService<EmailIngest>();
            var size = sizes.GetValueOrDefault(uid.Id);
            try
            {
                if (size > options.Value.MaxMessageBytes)
                {
                    using var headers = new MimeMessage(await folder.GetHeadersAsync(uid, ct));
                    await ingest.RefuseOversizedAsync(headers, size, mailbox, ct);
                    refused++;
                }
                else
                {
                    using var stream = new MemoryStream();
                    using (var message = await folder.GetMessageAsync(uid, ct))
                    {
                        await message.WriteToAsync(stream, ct);
                    }
                    var landed = await ingest.ImportAsync(stream.ToArray(), mailbox, ct);
                    if (landed.Duplicate) { duplicates++; } else { imported++; }
                }
                await MarkSeenAsync(folder, uid, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException && ex is not IOException && ex is not ImapProtocolException && ex is not ServiceNotConnectedException)
            {
                await QuarantineAsync(folder, name, uid, size, ex, ct);
                quarantined++;
            }
            await SaveCursorAsync(name, folder.UidValidity, uid.Id, ct);
        }
        return new PassResult(imported, duplicates, quarantined, refused);
    }

    /// <summary>A courtesy for people who also read the mailbox; a read-only folder must not turn an imported message into a failure.</summary>
    private async Task MarkSeenAsync(IMailFolder folder, UniqueId uid, CancellationToken ct)
    {
        try
        {
            await folder.AddFlagsAsync(uid, MessageFlags.Seen, silent: true, ct);
        }
        catch (ImapCommandException ex)
        {
            LogNotMarked(ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not mark a message as seen: {Reason}")]
    private partial void LogNotMarked(string reason);

    private async Task QuarantineAsync(IMailFolder folder, string name, UniqueId uid, long size, Exception ex, CancellationToken ct)
    {
        LogQuarantined(ex, name, uid.Id);
        byte[]? raw = null;
        if (size <= options.Value.MaxMessageBytes)
        {
            try
            {
                using var stream = new MemoryStream();
                using var message = await folder.GetMessageAsync(uid, ct);
                await message.WriteToAsync(stream, ct);
                raw = stream.ToArray();
            }
            catch (Exception again) when (again is FormatException or InvalidDataException or ParseException)
            {
                raw = null;
            }
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TouchpointDb>();
        db.Add(new QuarantinedMail
        {
            Mailbox = name, Uid = uid.Id, Reason = $"{ex.GetType().Name}: {ex.Message}"[..Math.Min(2000, ex.GetType().Name.Length + 2 + ex.Message.Length)],
            Raw = raw, Size = size, At = time.GetUtcNow().UtcDateTime,
        });
        await db.SaveChangesAsync(ct);
    }

    private async Task<MailboxCursor> CursorAsync(string name, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TouchpointDb>();
        return await db.Set<MailboxCursor>().AsNoTracking().FirstOrDefaultAsync(c => c.Mailbox == name, ct)
            ?? new MailboxCursor { Mailbox = name };
    }

    private async Task SaveCursorAsync(string name, uint uidValidity, long lastUid, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TouchpointDb>();
        var now = time.GetUtcNow().UtcDateTime;
        var updated = await db.WriteAsync(() => db.Set<MailboxCursor>().Where(c => c.Mailbox == name)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.UidValidity, uidValidity).SetProperty(c => c.LastUid, lastUid).SetProperty(c => c.UpdatedAt, now), ct), ct);
        if (updated == 0)
        {
            db.Add(new MailboxCursor { Mailbox = name, UidValidity = uidValidity, LastUid = lastUid, UpdatedAt = now });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException e) when (e.IsUniqueViolation())
            {
                // Another instance wrote it first; the next pass reads it.
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mailbox {Mailbox}: UIDVALIDITY changed from {Old} to {New}; reading the folder again")]
    private partial void LogUidValidityChanged(string mailbox, long old, uint @new);

    [LoggerMessage(Level = LogLevel.Error, Message = "Mailbox {Mailbox}: message UID {Uid} could not be imported; quarantined and skipped")]
    private partial void LogQuarantined(Exception ex, string mailbox, uint uid);
}

/// <summary>
/// Keeps every configured mailbox read: IDLE where the server offers it (new mail arrives in seconds), otherwise a
/// poll every PollInterval (≤ 30 s). Each mailbox is read by one instance at a time (a database lease); if two ever
/// overlap, receipts by Message-ID still land each message once. Each reader reports as a worker <c>imap:{mailbox}</c>
/// (its last successful read and last error, in <c>/healthz</c> and <c>touchpoint.job.since_success</c>); stalled when it
/// holds the mailbox's lease and has not read for three minutes.
/// </summary>
public sealed partial class ImapReaderService(
    ImapReader reader, MailboxRegistry registry, IServiceScopeFactory scopes, TimeProvider time, ILogger<ImapReaderService> logger)
    : BackgroundService, IBackgroundWorkers
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    /// <summary>A reader reads at least once a minute (after each IDLE or poll).</summary>
    private static readonly TimeSpan ReadEvery = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, WorkerStatus> _readers = new(StringComparer.Ordinal);

    public IEnumerable<IBackgroundWork> Workers => _readers.Values;

    /// <summary>Keeps one reader per enabled mailbox; a mailbox added, changed or removed in Settings restarts its reader.</summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var running = new Dictionary<string, (MailboxOptions Options, CancellationTokenSource Stop, Task Task)>();
        using var changed = new SemaphoreSlim(0);
        void OnChanged() => changed.Release();
        registry.Changed += OnChanged;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                IReadOnlyList<MailboxEntry> wanted;
                try
                {
                    wanted = (await registry.AllAsync(stoppingToken)).Where(e => e.Enabled && !string.IsNullOrWhiteSpace(e.Options.Imap.Host)).ToList();
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogFailure(ex, "(settings)", 1);
                    wanted = [];
                }
                foreach (var (name, r) in running.ToList())
                {
                    var now = wanted.FirstOrDefault(w => w.Name == name);
                    if (now is null || !Same(now.Options, r.Options))
                    {
                        await r.Stop.CancelAsync();
                        await r.Task.ContinueWith(_ => { }, TaskScheduler.Default);
                        r.Stop.Dispose();
                        running.Remove(name);
                        _readers.TryRemove(name, out _);
                    }
                }
                foreach (var w in wanted.Where(w => !running.ContainsKey(w.Name)))
                {
                    var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                    running[w.Name] = (w.Options, stop, RunMailboxAsync(w.Name, w.Options, stop.Token));
                }
                await changed.WaitAsync(TimeSpan.FromMinutes(1), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
        finally
        {
            registry.Changed -= OnChanged;
            foreach (var r in running.Values)
            {
                await r.Stop.CancelAsync();
                await r.Task.ContinueWith(_ => { }, TaskScheduler.Default);
                r.Stop.Dispose();
            }
        }
    }

    private static bool Same(MailboxOptions a, MailboxOptions b) =>
        a.Address == b.Address && a.Language == b.Language && a.PollInterval == b.PollInterval && a.Imap.Host == b.Imap.Host && a.Imap.Port == b.Imap.Port
        && a.Imap.Security == b.Imap.Security && a.Imap.UserName == b.Imap.UserName && a.Imap.Password == b.Imap.Password && a.Imap.Folder == b.Imap.Folder;

    private async Task RunMailboxAsync(string name, MailboxOptions options, CancellationToken ct)
    {
        var status = _readers[name] = new WorkerStatus($"imap:{name}", ReadEvery, time.GetUtcNow().UtcDateTime);
        var failures = 0;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                if (!await TakeLeaseAsync(name, ct))
                {
                    status.IsRunning = false;
                    await Task.Delay(options.PollInterval, TimeProvider.System, ct);
                    continue;
                }
                status.IsRunning = true;
                using var client = new ImapClient { Timeout = 60_000 };
                await client.ConnectAsync(options.Imap.Host ?? "", options.Imap.Port, options.Imap.Security, ct);
                await client.AuthenticateAsync(options.Imap.UserName ?? options.Address, options.Imap.Password ?? "", ct);
                failures = 0;
                while (!ct.IsCancellationRequested && client.IsConnected)
                {
                    var pass = await reader.ReadNewAsync(client, name, options, ct);
                    status.Succeeded(time.GetUtcNow().UtcDateTime, pass.Imported);
                    if (pass.Imported + pass.Quarantined + pass.Refused > 0)
                    {
                        LogPass(name, pass.Imported, pass.Duplicates, pass.Quarantined, pass.Refused);
                    }
                    if (!await TakeLeaseAsync(name, ct))
                    {
                        break;
                    }
                    await WaitForMailAsync(client, options, ct);
                }
                await client.DisconnectAsync(true, CancellationToken.None);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                failures++;
                status.Failed(time.GetUtcNow().UtcDateTime, ex);
                LogFailure(ex, name, failures);
                // Waits in wall-clock time, like the IDLE and poll waits: a dropped connection is retried even under a test clock.
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(300, 5 * Math.Pow(2, Math.Min(failures, 6)))), TimeProvider.System, ct).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private static async Task WaitForMailAsync(ImapClient client, MailboxOptions options, CancellationToken ct)
    {
        var wait = options.PollInterval > TimeSpan.FromSeconds(30) ? TimeSpan.FromSeconds(30) : options.PollInterval;
        if (!client.Capabilities.HasFlag(ImapCapabilities.Idle))
        {
            await Task.Delay(wait, ct);
            await client.NoOpAsync(ct);
            return;
        }
        // IDLE until the folder's count changes, and at most a minute (the lease is renewed between idles).
        using var done = CancellationTokenSource.CreateLinkedTokenSource(ct);
        done.CancelAfter(TimeSpan.FromMinutes(1));
        void OnCount(object? sender, EventArgs e) => done.Cancel();
        client.Inbox.CountChanged += OnCount;
        try
        {
            await client.IdleAsync(done.Token, ct);
        }
        finally
        {
            client.Inbox.CountChanged -= OnCount;
        }
    }

    private async Task<bool> TakeLeaseAsync(string name, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TouchpointDb>();
        return await JobLeases.TryAcquireAsync(db, $"imap:{name}", JobLeases.InstanceId, time.GetUtcNow().UtcDateTime, Lease, ct);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Mailbox {Mailbox}: {Imported} imported, {Duplicates} already known, {Quarantined} quarantined, {Refused} refused as too large")]
    private partial void LogPass(string mailbox, int imported, int duplicates, int quarantined, int refused);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mailbox {Mailbox}: reading failed ({Failures} in a row); retrying with back-off")]
    private partial void LogFailure(Exception ex, string mailbox, int failures);
}

/// <summary>The names under <c>Touchpoint:Mailboxes</c> (configuration); Settings may add more (see <see cref="MailboxRegistry"/>).</summary>
public sealed record MailboxNames(IReadOnlyList<string> Names);
