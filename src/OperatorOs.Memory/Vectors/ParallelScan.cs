using System.Runtime.ExceptionServices;

namespace OperatorOs;

/// <summary>
/// Runs an exact scan of a large collection over contiguous slot ranges on several threads, each range into its own top-k heap, and
/// merges the heaps: a float scan is bound by memory bandwidth, which one core alone does not saturate.
/// </summary>
/// <remarks>The caller holds the storage's read lock for the whole call, so the worker threads read rows no writer can change.</remarks>
internal static class ParallelScan
{
    /// <summary>Each range covers at least this many vector elements, so the fork and join (microseconds) stay far below a range's scan time.</summary>
    public const long MinimumElementsPerRange = 1 << 20;

    /// <summary>Gets how many ranges a scan of <paramref name="rows"/> rows of <paramref name="dimensions"/> elements is split into.</summary>
    public static int RangeCount(int rows, int dimensions, int maxParallelism) =>
        (int)Math.Clamp((long)rows * dimensions / MinimumElementsPerRange, 1, Math.Max(1, maxParallelism));

    /// <summary>Scans slots [0, <paramref name="end"/>) in <paramref name="ranges"/> ranges; returns the merged heap.</summary>
    /// <param name="end">One past the last slot to scan.</param>
    /// <param name="ranges">The number of ranges; 1 scans on the calling thread.</param>
    /// <param name="capacity">The capacity of each heap.</param>
    /// <param name="state">The scan's inputs, passed to <paramref name="scanRange"/> so it captures nothing.</param>
    /// <param name="scanRange">Scans [start, stop) into a heap; the first range gets the caller's scorer, the others their own (<c>forOtherThread</c>).</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    public static TopK Run<TState>(
        int end, int ranges, int capacity, TState state, Action<TState, int, int, TopK, bool, CancellationToken> scanRange, CancellationToken cancellationToken)
    {
        if (ranges <= 1)
        {
            var heap = new TopK(capacity);
            scanRange(state, 0, end, heap, false, cancellationToken);
            return heap;
        }

        var heaps = new TopK[ranges];
        int size = (end + ranges - 1) / ranges;
        try
        {
            _ = Parallel.For(0, ranges, new ParallelOptions { MaxDegreeOfParallelism = ranges, CancellationToken = cancellationToken }, range =>
            {
                var heap = new TopK(capacity);
                int start = range * size;
                scanRange(state, start, Math.Min(end, start + size), heap, range != 0, cancellationToken);
                heaps[range] = heap;
            });
        }
        catch (AggregateException exception) when (exception.InnerExceptions.Count > 0)
        {
            // Surface what the scan threw (a cancellation) as the sequential scan would, not wrapped.
            ExceptionDispatchInfo.Throw(exception.InnerExceptions[0]);
        }

        TopK merged = heaps[0];
        for (int i = 1; i < heaps.Length; i++)
        {
            merged.AddAll(heaps[i]);
        }

        return merged;
    }
}
