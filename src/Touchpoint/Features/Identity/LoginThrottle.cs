using System.Collections.Concurrent;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Identity;

public sealed class LoginOptions
{
    /// <summary>Wrong passwords for one email within <see cref="Window"/> before that email must wait (before the account's lockout is reached).</summary>
    public int FailuresPerAccount { get; set; } = 5;

    /// <summary>Wrong passwords from one client address within <see cref="Window"/>, whatever the emails, before that address must wait.</summary>
    public int FailuresPerAddress { get; set; } = 20;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How soon a changed role, a new password or a deactivation ends the user's open sessions (cookies and open tabs).</summary>
    public TimeSpan SessionCheckInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a password-reset link works (5 minutes – 1 day); it also stops working once used.</summary>
    public TimeSpan ResetLinkLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Reset mails to one account per hour, at most; more requests are answered the same way and send nothing.</summary>
    public int ResetsPerHour { get; set; } = 3;

    /// <summary>Where reset links point: <c>Touchpoint:PublicBaseUrl</c> (set at start, not configured here).</summary>
    public string PublicBaseUrl { get; set; } = "";
}

/// <summary>
/// Slows password guessing before ASP.NET Identity's lockout is reached, so a stranger cannot lock a colleague out by
/// typing ten wrong passwords in a minute, and makes an email nobody has behave exactly like a real one: the same
/// answers after the same number of tries (including the lockout, which is imitated here for unknown emails), and
/// the same work per try (<see cref="EqualWork"/>). Counters live in this instance's memory; with several instances
/// each counts its own share, which still bounds the guessing rate.
/// </summary>
public sealed class LoginThrottle(TimeProvider time, IOptions<LoginOptions> options, IOptions<IdentityOptions> identity)
{
    private const int MaxTracked = 50_000;

    private sealed class Counter
    {
        public readonly Queue<DateTime> Failures = new();
        public int SinceLockout;
        public DateTime LockedUntil;
        public DateTime LastSeen;
    }

    private readonly ConcurrentDictionary<string, Counter> _accounts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Counter> _addresses = new(StringComparer.Ordinal);

    public static string AccountKey(string? email) => (email ?? "").Trim().ToLowerInvariant() is var e && e.Length > 320 ? e[..320] : e;

    /// <summary>Whether this try must be refused without looking at the password.</summary>
    public bool MustWait(string account, string address)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var o = options.Value;
        return Recent(_accounts, account, now, o.Window) >= o.FailuresPerAccount || Recent(_addresses, address, now, o.Window) >= o.FailuresPerAddress;
    }

    /// <summary>A wrong password (or an unknown or inactive account). True when an unknown account now counts as locked, as a real one would be.</summary>
    public bool Failed(string account, string address, bool unknownAccount)
    {
        var now = time.GetUtcNow().UtcDateTime;
        Prune(now);
        Add(_addresses, address, now);
        var counter = Add(_accounts, account, now);
        if (!unknownAccount)
        {
            return false;
        }
        lock (counter)
        {
            var lockout = identity.Value.Lockout;
            if (++counter.SinceLockout >= lockout.MaxFailedAccessAttempts)
            {
                counter.SinceLockout = 0;
                counter.LockedUntil = now + lockout.DefaultLockoutTimeSpan;
            }
            return counter.LockedUntil > now;
        }
    }

    /// <summary>Whether an unknown account is in its imitated lockout.</summary>
    public bool ImitatedLockout(string account)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return _accounts.TryGetValue(account, out var c) && c.LockedUntil > now;
    }

    public void Succeeded(string account) => _accounts.TryRemove(account, out _);

    private static Counter Add(ConcurrentDictionary<string, Counter> map, string key, DateTime now)
    {
        var counter = map.GetOrAdd(key, _ => new Counter());
        lock (counter)
        {
            counter.Failures.Enqueue(now);
            counter.LastSeen = now;
        }
        return counter;
    }

    private static int Recent(ConcurrentDictionary<string, Counter> map, string key, DateTime now, TimeSpan window)
    {
        if (!map.TryGetValue(key, out var counter))
        {
            return 0;
        }
        lock (counter)
        {
            while (counter.Failures.TryPeek(out var at) && at <= now - window)
            {
                counter.Failures.Dequeue();
            }
            return counter.Failures.Count;
        }
    }

    /// <summary>Forgets counters nobody has touched for a while, so random emails cannot grow the maps without bound.</summary>
    private void Prune(DateTime now)
    {
        if (_accounts.Count + _addresses.Count < MaxTracked)
        {
            return;
        }
        var horizon = now - options.Value.Window - identity.Value.Lockout.DefaultLockoutTimeSpan;
        foreach (var map in new[] { _accounts, _addresses })
        {
            foreach (var (key, counter) in map)
            {
                if (counter.LastSeen < horizon && counter.LockedUntil < now)
                {
                    map.TryRemove(key, out _);
                }
            }
        }
    }

    /// <summary>
    /// The cost of checking a password, spent when there is no password to check (unknown, inactive or locked
    /// account): without it an unknown email answers in 3 ms and a real one in 60, which tells which emails exist.
    /// </summary>
    public sealed class EqualWork
    {
        private static readonly TouchpointUser Stand = new() { UserName = "nobody" };

        // The hasher Identity uses, with the same options: the same iterations, so the same cost.
        private readonly PasswordHasher<TouchpointUser> _hasher;
        private readonly string _hash;

        public EqualWork(IOptions<PasswordHasherOptions> options)
        {
            _hasher = new PasswordHasher<TouchpointUser>(options);
            _hash = _hasher.HashPassword(Stand, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)));
        }

        public void Spend(string? password) => _hasher.VerifyHashedPassword(Stand, _hash, password ?? "");
    }
}
