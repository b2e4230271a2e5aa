namespace OperatorOs.Connectors.Calendar.Internal;

/// <summary>Clips busy periods to a range and merges the ones that overlap or touch.</summary>
internal static class BusyPeriods
{
    /// <summary>Returns the merged periods inside <paramref name="range"/>, in start order.</summary>
    public static List<(DateTimeOffset Start, DateTimeOffset End)> Merge(IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> periods, TimeRange range)
    {
        var merged = new List<(DateTimeOffset Start, DateTimeOffset End)>();
        foreach ((DateTimeOffset start, DateTimeOffset end) in periods
            .Select(p => (Start: p.Start < range.From ? range.From : p.Start, End: p.End > range.To ? range.To : p.End))
            .Where(p => p.End > p.Start)
            .OrderBy(p => p.Start))
        {
            if (merged.Count > 0 && start <= merged[^1].End)
            {
                if (end > merged[^1].End)
                {
                    merged[^1] = (merged[^1].Start, end);
                }
            }
            else
            {
                merged.Add((start, end));
            }
        }

        return merged;
    }
}
