using System.Diagnostics.Metrics;
using Touchpoint.Platform.Observability;

namespace Touchpoint.Tests.Infrastructure;

/// <summary>
/// Records the values one of Touchpoint's instruments measures within this test's own flow of execution: other tests of
/// the run share the process's meter, so a measurement counts only when it is taken under this recorder's async scope.
/// </summary>
public sealed class Measurements : IDisposable
{
    private static readonly AsyncLocal<Measurements?> Current = new();
    private readonly MeterListener _listener = new();
    private readonly List<double> _values = [];

    public Measurements(string instrument)
    {
        Current.Value = this;
        _listener.InstrumentPublished = (i, l) =>
        {
            if (i.Meter.Name == TouchpointMetrics.Name && i.Name == instrument)
            {
                l.EnableMeasurementEvents(i, this);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, value, _, state) =>
        {
            if (ReferenceEquals(state, this) && ReferenceEquals(Current.Value, this))
            {
                lock (_values)
                {
                    _values.Add(value);
                }
            }
        });
        _listener.SetMeasurementEventCallback<long>((_, value, _, state) =>
        {
            if (ReferenceEquals(state, this) && ReferenceEquals(Current.Value, this))
            {
                lock (_values)
                {
                    _values.Add(value);
                }
            }
        });
        _listener.Start();
    }

    public IReadOnlyList<double> Values
    {
        get { lock (_values) { return [.. _values]; } }
    }

    public void Dispose()
    {
        _listener.Dispose();
        Current.Value = null;
    }
}
