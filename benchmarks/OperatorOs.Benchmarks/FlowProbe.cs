using System.Diagnostics;

namespace OperatorOs.Benchmarks;

/// <summary>A quick look at the flow benchmark without BenchmarkDotNet: time and allocated bytes per run, warm, in this process.</summary>
/// <remarks>
/// Each variant runs alone: first for <c>warmSeconds</c> (default 10), long enough for tiered compilation to replace the first
/// code with the optimized code (on 2 busy cores that takes several seconds; a short BenchmarkDotNet job measures code still
/// being tiered), then in batches of 1,024 runs, the runtimes rebuilt before each batch as the benchmark's iterations do. Each
/// variant reports the median of its batches' means. Garbage collections are counted over the measured batches.
/// </remarks>
internal static class FlowProbe
{
    private const int Batch = 1024;
    private const int Batches = 12;

    public static async Task RunAsync(TextWriter output, double warmSeconds)
    {
        var benchmark = new FlowBenchmark();
        benchmark.GlobalSetup();
        benchmark.IterationSetup();
        (string Name, Func<Task<int>> Run)[] variants =
        [
            ("AgentFrameworkWorkflow", benchmark.AgentFrameworkWorkflow),
            ("OperatorOsFlow", benchmark.OperatorOsFlow),
            ("...WithRecordingConnector", benchmark.OperatorOsFlowWithRecordingConnector),
            ("OperatorOsFloor", benchmark.OperatorOsFloor),
        ];

        double baseline = 0;
        foreach ((string name, Func<Task<int>> run) in variants)
        {
            long warmUntil = Stopwatch.GetTimestamp() + (long)(warmSeconds * Stopwatch.Frequency);
            while (Stopwatch.GetTimestamp() < warmUntil)
            {
                benchmark.IterationSetup();
                for (int i = 0; i < Batch; i++)
                {
                    _ = await run();
                }
            }

            var means = new List<double>();
            long bytes = 0;
            (int g0, int g1, int g2) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
            for (int b = 0; b < Batches; b++)
            {
                benchmark.IterationSetup();
                long before = GC.GetTotalAllocatedBytes(precise: true);
                long started = Stopwatch.GetTimestamp();
                for (int i = 0; i < Batch; i++)
                {
                    _ = await run();
                }

                means.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds / Batch);
                bytes += GC.GetTotalAllocatedBytes(precise: true) - before;
            }

            double median = Median(means);
            baseline = baseline == 0 ? median : baseline;
            const double Runs = Batch * Batches;
            await output.WriteLineAsync(
                $"{name,-26} {median,8:F1} us/run ({median / baseline:F2}x)  {bytes / Runs / 1024.0,6:F1} KB/run  " +
                $"GCs per 1,000 runs: gen0 {1000.0 * (GC.CollectionCount(0) - g0) / Runs:F1}, gen1 {1000.0 * (GC.CollectionCount(1) - g1) / Runs:F1}, gen2 {1000.0 * (GC.CollectionCount(2) - g2) / Runs:F1}");
        }

        // For scale: one governed action alone through the same kernel (proposal and decision events, decision and outcome facts;
        // a flow step that policy lets run at once journals all that in its flow's records instead).
        IOperatorKernel kernel = benchmark.Kernel;
        using System.Text.Json.JsonDocument arguments = System.Text.Json.JsonDocument.Parse("""{"n":1}""");
        long governed = 0;
        async Task<int> GovernAsync()
        {
            ProposalResult result = await kernel.ProposeAsync(new ActionProposal($"p{governed++}", CounterConnector.Capability, arguments.RootElement, "probe", DateTimeOffset.UnixEpoch) { ProposerKind = ActorKind.Flow });
            return result.Status == ProposalStatus.Executed ? 1 : throw new InvalidOperationException(result.Error);
        }

        // Flows no longer take this path, so it is cold here: warm it well before measuring.
        for (int i = 0; i < 16 * Batch; i++)
        {
            _ = await GovernAsync();
        }

        long start = GC.GetTotalAllocatedBytes(precise: true);
        long timer = Stopwatch.GetTimestamp();
        for (int i = 0; i < 4 * Batch; i++)
        {
            _ = await GovernAsync();
        }

        await output.WriteLineAsync($"{"one governed action",-26} {Stopwatch.GetElapsedTime(timer).TotalMicroseconds / (4 * Batch),8:F1} us/run          {(GC.GetTotalAllocatedBytes(precise: true) - start) / (4 * Batch) / 1024.0,6:F1} KB/run");
        benchmark.GlobalCleanup();
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values.Count % 2 == 1 ? values[values.Count / 2] : (values[(values.Count / 2) - 1] + values[values.Count / 2]) / 2;
    }
}
