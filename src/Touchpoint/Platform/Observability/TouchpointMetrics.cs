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
    public static readonly Histogram<double> JobPassSeconds = Meter.CreateHistogram<double>("touchpoint.job.pass.duration", "s", "One pass of a background job");

    /// <summary>Passes of a background job that failed, by job.</summary>
    public static readonly Counter<long> JobFailures = Meter.CreateCounter<long>("touchpoint.job.failures", null, "Background job passes that failed");
}
