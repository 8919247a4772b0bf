static class Stats
{
    /// <summary>Nearest-rank percentile of an ascending sample.</summary>
    public static double P(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, Math.Max(0, (int)Math.Ceiling(p / 100 * sorted.Length) - 1))];

    public static string Codes(int[] statuses) =>
        string.Join(", ", statuses.Select((c, s) => (c, s)).Where(x => x.c > 0).Select(x => $"{x.s}: {x.c}"));
}
