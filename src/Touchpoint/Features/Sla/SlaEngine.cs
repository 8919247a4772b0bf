using Touchpoint.Features.Conversations;

namespace Touchpoint.Features.Sla;

/// <summary>A target's cycle came to an end with a result (an answer, a resolution, or a breach found when it stopped).</summary>
public sealed record SlaDecision(string Target, int Cycle, bool Achieved, DateTime StartedAt, DateTime At, long ActualSeconds, long GoalSeconds, bool BreachAlreadyRecorded);

/// <summary>
/// The rules of the SLA clocks, as pure functions over a conversation's <see cref="ConversationSla"/>:
/// first response and resolution start when the conversation starts; next response starts when the customer writes
/// and no answer is owed yet; every clock stops while the conversation waits on the customer (pending) and resumes
/// when it opens again. A reply ends the response clocks, resolving ends resolution; a reopen starts a new resolution
/// cycle (each resolution promise is counted once). A response clock stopped by resolving without an answer counts
/// only if it had already missed its goal — closing spam unanswered is not a kept promise, nor a broken one.
/// </summary>
public static class SlaEngine
{
    public static ConversationSla Start(PolicyDefinition policy, DateTime startedAt, bool answered, bool paused)
    {
        var sla = new ConversationSla { Policy = policy.Name };
        foreach (var def in policy.Targets)
        {
            var t = New(def);
            if (def.Target == SlaTargets.Resolution || (def.Target == SlaTargets.FirstResponse && !answered))
            {
                Begin(t, startedAt, paused);
            }
            sla.Targets.Add(t);
        }
        return sla;
    }

    /// <summary>A different policy applies now (priority or topic changed): clocks keep their time, goals follow the new policy.</summary>
    public static ConversationSla Repolicy(ConversationSla current, PolicyDefinition policy, DateTime createdAt, bool answered, bool paused)
    {
        var fresh = Start(policy, createdAt, answered, paused);
        for (var i = 0; i < fresh.Targets.Count; i++)
        {
            var t = fresh.Targets[i];
            if (current.Targets.FirstOrDefault(x => x.Target == t.Target) is not { } old)
            {
                continue;
            }
            var def = policy.Targets.First(d => d.Target == t.Target);
            old.GoalSeconds = def.GoalSeconds;
            old.LimitSeconds = def.LimitSeconds;
            old.Calendar = def.Calendar;
            old.WarnBeforeSeconds = def.EffectiveWarnBefore;
            fresh.Targets[i] = old;
        }
        return fresh;
    }

    public static List<SlaDecision> CustomerWrote(ConversationSla sla, SlaSetup setup, DateTime at)
    {
        var owed = sla.Targets.Any(t => t.Target is SlaTargets.FirstResponse or SlaTargets.NextResponse && IsOn(t));
        if (!owed && sla.Targets.FirstOrDefault(t => t.Target == SlaTargets.NextResponse) is { } next)
        {
            next.Cycle++;
            Reset(next);
            Begin(next, at, paused: false);
        }
        return [];
    }

    public static List<SlaDecision> Replied(ConversationSla sla, SlaSetup setup, DateTime at) =>
        sla.Targets.Where(t => t.Target is SlaTargets.FirstResponse or SlaTargets.NextResponse && IsOn(t))
            .Select(t => Complete(t, setup, at)).ToList();

    public static List<SlaDecision> StatusChanged(ConversationSla sla, SlaSetup setup, ConversationStatus from, ConversationStatus to, DateTime at)
    {
        var decisions = new List<SlaDecision>();
        var finished = to is ConversationStatus.Resolved or ConversationStatus.Closed;
        var wasFinished = from is ConversationStatus.Resolved or ConversationStatus.Closed;
        foreach (var t in sla.Targets)
        {
            if (finished && !wasFinished)
            {
                if (!IsOn(t))
                {
                    continue;
                }
                if (t.Target == SlaTargets.Resolution)
                {
                    decisions.Add(Complete(t, setup, at));
                }
                else if (Stop(t, setup, at) is { } breach)
                {
                    decisions.Add(breach);
                }
            }
            else if (wasFinished && !finished)
            {
                if (t.Target == SlaTargets.Resolution)
                {
                    t.Cycle++;
                    Reset(t);
                    Begin(t, at, paused: to == ConversationStatus.Pending);
                }
            }
            else if (to == ConversationStatus.Pending && t.State == SlaTargetState.Running)
            {
                t.Stretches[^1] = t.Stretches[^1] with { To = at };
                t.State = SlaTargetState.Paused;
            }
            else if (from == ConversationStatus.Pending && t.State == SlaTargetState.Paused)
            {
                t.Stretches.Add(new SlaStretch(at, null));
                t.State = SlaTargetState.Running;
            }
        }
        return decisions;
    }

    /// <summary>Due, warning and limit times of each running clock; the conversation's due time and the sweeper's next look.</summary>
    public static (DateTime? DueAt, DateTime? CheckAt) Schedule(ConversationSla sla, SlaSetup setup)
    {
        DateTime? due = null, check = null;
        foreach (var t in sla.Targets)
        {
            if (t.State != SlaTargetState.Running)
            {
                t.DueAt = t.WarnAt = t.LimitAt = null;
                continue;
            }
            var calendar = setup.Calendar(t.Calendar);
            var runs = t.Stretches.Select(s => new Running(s.From, s.To)).ToList();
            t.DueAt = SlaClock.DueAt(calendar, TimeSpan.FromSeconds(t.GoalSeconds), runs);
            t.WarnAt = SlaClock.DueAt(calendar, TimeSpan.FromSeconds(Math.Max(0, t.GoalSeconds - t.WarnBeforeSeconds)), runs);
            t.LimitAt = t.LimitSeconds is { } limit ? SlaClock.DueAt(calendar, TimeSpan.FromSeconds(limit), runs) : null;
            due = Min(due, t.DueAt);
            if (!t.Warned && !t.BreachRecorded)
            {
                check = Min(check, t.WarnAt);
            }
            if (!t.BreachRecorded)
            {
                check = Min(check, t.DueAt);
            }
            if (t.LimitAt is not null && !t.LimitPassed)
            {
                check = Min(check, t.LimitAt);
            }
        }
        return (due, check);
    }

    public static long ElapsedSeconds(SlaTargetState t, SlaSetup setup, DateTime now) =>
        (long)SlaClock.Elapsed(setup.Calendar(t.Calendar), t.Stretches.Select(s => new Running(s.From, s.To)), now).TotalSeconds;

    private static bool IsOn(SlaTargetState t) => t.State is SlaTargetState.Running or SlaTargetState.Paused;

    private static SlaDecision Complete(SlaTargetState t, SlaSetup setup, DateTime at)
    {
        Close(t, at);
        var actual = ElapsedSeconds(t, setup, at);
        var achieved = !t.BreachRecorded && actual <= t.GoalSeconds;
        t.State = achieved ? SlaTargetState.Achieved : SlaTargetState.Breached;
        t.CompletedAt = at;
        t.ActualSeconds = actual;
        return new SlaDecision(t.Target, t.Cycle, achieved, t.Stretches[0].From, at, actual, t.GoalSeconds, t.BreachRecorded);
    }

    /// <summary>Stops a response clock without an answer: a breach if the goal was already missed, otherwise no result.</summary>
    private static SlaDecision? Stop(SlaTargetState t, SlaSetup setup, DateTime at)
    {
        Close(t, at);
        var elapsed = ElapsedSeconds(t, setup, at);
        if (t.BreachRecorded || elapsed > t.GoalSeconds)
        {
            t.State = SlaTargetState.Breached;
            t.CompletedAt = at;
            t.ActualSeconds = elapsed;
            return new SlaDecision(t.Target, t.Cycle, false, t.Stretches[0].From, at, elapsed, t.GoalSeconds, t.BreachRecorded);
        }
        t.State = SlaTargetState.Idle;
        return null;
    }

    private static void Close(SlaTargetState t, DateTime at)
    {
        if (t.Stretches.Count > 0 && t.Stretches[^1].To is null)
        {
            t.Stretches[^1] = t.Stretches[^1] with { To = at };
        }
    }

    private static SlaTargetState New(TargetDefinition def) => new()
    {
        Target = def.Target, Cycle = 0, State = SlaTargetState.Idle, GoalSeconds = def.GoalSeconds, LimitSeconds = def.LimitSeconds,
        Calendar = def.Calendar, WarnBeforeSeconds = def.EffectiveWarnBefore,
    };

    private static void Begin(SlaTargetState t, DateTime at, bool paused)
    {
        if (t.Cycle == 0)
        {
            t.Cycle = 1;
        }
        t.Stretches = [new SlaStretch(at, paused ? at : null)];
        t.State = paused ? SlaTargetState.Paused : SlaTargetState.Running;
    }

    private static void Reset(SlaTargetState t)
    {
        t.Stretches = [];
        t.CompletedAt = null;
        t.ActualSeconds = null;
        t.Warned = t.BreachRecorded = t.LimitPassed = false;
        t.DueAt = t.WarnAt = t.LimitAt = null;
    }

    private static DateTime? Min(DateTime? a, DateTime? b) => a is null ? b : b is null ? a : a < b ? a : b;
}
