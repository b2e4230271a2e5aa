using System.Diagnostics;

namespace OperatorOs.Benchmarks;

/// <summary>A quick look at the flow benchmark without BenchmarkDotNet: time and allocated bytes per run, warm, in this process.</summary>
/// <remarks>
/// On a machine shared with other work the load drifts within seconds, so the variants run in alternating batches of 256 runs
/// and each reports the median of its batches' means; the runtimes are rebuilt every 1,024 runs of a variant, as the benchmark's
/// iterations do, so the in-memory journal grows no further than there. Garbage collections are counted over all batches.
/// </remarks>
internal static class FlowProbe
{
    private const int Batch = 256;

    public static async Task RunAsync(TextWriter output, int runs)
    {
        var benchmark = new FlowBenchmark();
        benchmark.GlobalSetup();
        benchmark.IterationSetup();
        (string Name, Func<Task<int>> Run)[] variants =
        [
            ("AgentFrameworkWorkflow", benchmark.AgentFrameworkWorkflow),
            ("OperatorOsFlow", benchmark.OperatorOsFlow),
            ("...WithRecordingConnector", benchmark.OperatorOsFlowWithRecordingConnector),
        ];
        foreach ((string _, Func<Task<int>> run) in variants)
        {
            for (int i = 0; i < 2 * Batch; i++)
            {
                _ = await run();
            }
        }

        var means = variants.Select(_ => new List<double>()).ToArray();
        long[] bytes = new long[variants.Length];
        int[] gen0 = new int[variants.Length], gen1 = new int[variants.Length], gen2 = new int[variants.Length];
        int batches = Math.Max(1, runs / Batch);
        for (int b = 0; b < batches; b++)
        {
            if (b % (1024 / Batch) == 0)
            {
                benchmark.IterationSetup();
            }

            for (int v = 0; v < variants.Length; v++)
            {
                (int g0, int g1, int g2) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
                long before = GC.GetTotalAllocatedBytes(precise: true);
                long started = Stopwatch.GetTimestamp();
                for (int i = 0; i < Batch; i++)
                {
                    _ = await variants[v].Run();
                }

                means[v].Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds / Batch);
                bytes[v] += GC.GetTotalAllocatedBytes(precise: true) - before;
                (gen0[v], gen1[v], gen2[v]) = (gen0[v] + GC.CollectionCount(0) - g0, gen1[v] + GC.CollectionCount(1) - g1, gen2[v] + GC.CollectionCount(2) - g2);
            }
        }

        double baseline = Median(means[0]);
        for (int v = 0; v < variants.Length; v++)
        {
            double median = Median(means[v]);
            await output.WriteLineAsync(
                $"{variants[v].Name,-26} {median,8:F1} us/run ({median / baseline:F2}x)  {bytes[v] / (double)(batches * Batch) / 1024.0,6:F1} KB/run  " +
                $"GCs per 1,000 runs: gen0 {1000.0 * gen0[v] / (batches * Batch):F1}, gen1 {1000.0 * gen1[v] / (batches * Batch):F1}, gen2 {1000.0 * gen2[v] / (batches * Batch):F1}");
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
