using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Touchpoint.Platform.Observability;

/// <summary>
/// The app's own instruments. One meter and one activity source, named <c>Touchpoint</c>, so an OpenTelemetry
/// exporter (or <c>dotnet-counters</c>) picks them all up; features add theirs here so the list stays in one place.
/// </summary>
public static class TouchpointMetrics
{
    public const string Name = "Touchpoint";

    public static readonly Meter Meter = new(Name);

    public static readonly ActivitySource Activities = new(Name);

    /// <summary>How long one pass of a background job took, by job and outcome (ok, failed).</summary>
    public static readonly Histogram<double> JobPassSeconds = Meter.CreateHistogram("touchpoint.job.pass.duration", "s", "One pass of a background job",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] });

    /// <summary>Passes of a background job that failed, by job.</summary>
    public static readonly Counter<long> JobFailures = Meter.CreateCounter<long>("touchpoint.job.failures", null, "Background job passes that failed");

    /// <summary>How long since each running job last succeeded, by job (a stalled job's value keeps growing).</summary>
    public static readonly ObservableGauge<double> JobSinceSuccess = Meter.CreateObservableGauge(
        "touchpoint.job.since_success", OperationsSnapshot.SinceSuccessMeasurements, "s", "Time since a background job's last successful pass");

    /// <summary>Messages (mail, webhooks) waiting to be sent, by channel.</summary>
    public static readonly ObservableGauge<int> OutboxPending = Meter.CreateObservableGauge(
        "touchpoint.outbox.pending", OperationsSnapshot.PendingMeasurements, null, "Outbox messages waiting to be sent");

    /// <summary>Messages that will not be sent (attempts used up, or refused for good).</summary>
    public static readonly ObservableGauge<int> OutboxFailed = Meter.CreateObservableGauge(
        "touchpoint.outbox.failed", OperationsSnapshot.FailedMeasurements, null, "Outbox messages that failed for good");

    /// <summary>How long the most overdue pending message has been due (0 while the outbox keeps up).</summary>
    public static readonly ObservableGauge<double> OutboxOverdue = Meter.CreateObservableGauge(
        "touchpoint.outbox.overdue", OperationsSnapshot.OverdueMeasurements, "s", "How long the most overdue outbox message has waited");

    /// <summary>How long a write waited for SQLite's one-writer gate (<c>TouchpointDb.WriteAsync</c>); PostgreSQL has no gate.</summary>
    public static readonly Histogram<double> WriteGateWaitSeconds = Meter.CreateHistogram("touchpoint.db.write_gate.wait", "s",
        "Time a SQLite write waited for the write gate",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] });

    /// <summary>
    /// At each SLA sweep, how long the most overdue SLA check had been waiting (0 when none was due): a sweep that keeps
    /// up stays near 0, one that falls behind grows, so warnings and breaches are recorded late.
    /// </summary>
    public static readonly Histogram<double> SlaSweepLagSeconds = Meter.CreateHistogram("touchpoint.sla.sweep.lag", "s",
        "How late the most overdue SLA check was when a sweep started",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.5, 1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600] });

    /// <summary>Surveys mailed (CSAT or NPS), tagged <c>kind</c> and <c>touchpoint</c> (support, delivery, relationship).</summary>
    public static readonly Counter<long> SurveysSent = Meter.CreateCounter<long>("touchpoint.surveys.sent", null, "Surveys mailed to customers");

    /// <summary>Surveys a rule said no to at their moment, tagged <c>kind</c>, <c>touchpoint</c> and <c>reason</c> (quiet_days, reopened …).</summary>
    public static readonly Counter<long> SurveysSkipped = Meter.CreateCounter<long>("touchpoint.surveys.skipped", null, "Surveys skipped by a rule");

    /// <summary>First answers to a survey (a later change of the answer is not counted again), tagged <c>kind</c> and <c>touchpoint</c>.</summary>
    public static readonly Counter<long> SurveysAnswered = Meter.CreateCounter<long>("touchpoint.surveys.answered", null, "Surveys answered by customers");
}
