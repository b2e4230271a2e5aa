namespace OperatorOs;

/// <summary>Keeps the most recent latency samples in a ring, so percentiles reflect current behaviour in bounded memory.</summary>
internal sealed class LatencyReservoir
{
    private const int Capacity = 2048;

    private readonly double[] _samples = new double[Capacity];
    private long _count;

    public void Add(double seconds)
    {
        _samples[_count % Capacity] = seconds;
        _count++;
    }

    public (TimeSpan? P50, TimeSpan? P95) Percentiles()
    {
        int n = (int)Math.Min(_count, Capacity);
        if (n == 0)
        {
            return (null, null);
        }

        double[] sorted = _samples[..n];
        Array.Sort(sorted);
        return (TimeSpan.FromSeconds(sorted[(int)(0.50 * (n - 1))]), TimeSpan.FromSeconds(sorted[(int)Math.Ceiling(0.95 * (n - 1))]));
    }
}
