namespace Touchpoint.Components.Kit;

/// <summary>
/// One point of a series drawn by <see cref="SeriesChart"/> and returned by the reports API: the period's first day
/// (a store-local day, week or month), the value (rates 0–100 with one decimal, times in seconds, counts; null when
/// there are no cases) and its number of cases.
/// </summary>
public sealed record SeriesPoint(DateOnly Day, double? Value, long Cases);
