using System.Diagnostics;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using OperatorOs;

namespace OperatorOs.Benchmarks;

/// <summary>Measures per-append latency percentiles of the durable journal, which BenchmarkDotNet's per-invocation means do not show, next to a raw write+fsync on the same disk.</summary>
internal static class JournalLatencyProbe
{
    public static async Task RunAsync(TextWriter output)
    {
        string directory = Directory.CreateTempSubdirectory("operatoros-latency-").FullName;
        try
        {
            using JsonDocument payload = JsonDocument.Parse("""{"proposalId":"prp_1","capability":"files.write","arguments":{"path":"notes/a.md","content":"hello world"}}""");
            var entry = new JournalEntry("correlation/bench", JournalEventTypes.ProposalCreated, payload.RootElement, "bench");

            output.WriteLine($"raw 100-byte write + fsync: p50 {Format(RawFsync(Path.Combine(directory, "raw.bin"), 500), 0.50)}, p99 {Format(RawFsync(Path.Combine(directory, "raw2.bin"), 500), 0.99)}");
            foreach ((int writers, int inFlight) in new[] { (1, 1), (8, 1), (8, 16), (64, 1) })
            {
                await using var journal = new SqliteJournal(new SqliteDatabase(new SqliteStorageOptions { Path = Path.Combine(directory, $"j{writers}x{inFlight}.db") }));
                List<double> latencies = await MeasureAsync(journal, entry, writers, inFlight, appendsPerWriter: writers == 1 ? 500 : 4000 / writers);
                output.WriteLine($"group commit, {writers} writer(s) x {inFlight} in flight: p50 {Format(latencies, 0.50)}, p99 {Format(latencies, 0.99)}, {latencies.Count} appends");
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<List<double>> MeasureAsync(SqliteJournal journal, JournalEntry entry, int writers, int inFlight, int appendsPerWriter)
    {
        var latencies = new List<double>[writers];
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var mine = latencies[w] = new List<double>(appendsPerWriter);
            var pending = new List<Task>(inFlight);
            for (int i = 0; i < appendsPerWriter; i++)
            {
                pending.Add(Timed(journal, entry, mine));
                if (pending.Count == inFlight)
                {
                    await Task.WhenAll(pending);
                    pending.Clear();
                }
            }

            await Task.WhenAll(pending);
        })));
        return latencies.SelectMany(l => l).ToList();
    }

    private static async Task Timed(SqliteJournal journal, JournalEntry entry, List<double> sink)
    {
        long start = Stopwatch.GetTimestamp();
        await journal.AppendAsync(entry, CancellationToken.None);
        double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        lock (sink)
        {
            sink.Add(ms);
        }
    }

    private static List<double> RawFsync(string path, int count)
    {
        var latencies = new List<double>(count);
        byte[] data = new byte[100];
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.None);
        for (int i = 0; i < count; i++)
        {
            long start = Stopwatch.GetTimestamp();
            file.Write(data);
            file.Flush(flushToDisk: true);
            latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        return latencies;
    }

    private static string Format(List<double> latencies, double percentile)
    {
        latencies.Sort();
        return $"{latencies[Math.Min(latencies.Count - 1, (int)(percentile * latencies.Count))]:F3} ms";
    }
}
