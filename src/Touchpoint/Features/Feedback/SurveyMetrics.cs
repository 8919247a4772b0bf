using Touchpoint.Platform.Observability;

namespace Touchpoint.Features.Feedback;

/// <summary>The survey counters of <see cref="TouchpointMetrics"/>, tagged the same way everywhere they are counted.</summary>
internal static class SurveyMetrics
{
    public static void Sent(Survey s) =>
        TouchpointMetrics.SurveysSent.Add(1, new("kind", s.Kind.ToWire()), new("touchpoint", s.Touchpoint.ToWire()));

    public static void Skipped(Survey s) =>
        TouchpointMetrics.SurveysSkipped.Add(1, new("kind", s.Kind.ToWire()), new("touchpoint", s.Touchpoint.ToWire()), new("reason", s.SkipReason));

    public static void Answered(Survey s) =>
        TouchpointMetrics.SurveysAnswered.Add(1, new("kind", s.Kind.ToWire()), new("touchpoint", s.Touchpoint.ToWire()));
}
