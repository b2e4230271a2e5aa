using System.Diagnostics;

namespace OperatorOs.Benchmarks;

/// <summary>A quick look at the flow benchmark without BenchmarkDotNet: mean time and allocated bytes per run, warm, in this process.</summary>
internal static class FlowProbe
{
    public static async Task RunAsync(TextWriter output, int runs)
    {
        var benchmark = new FlowBenchmark();
        benchmark.GlobalSetup();
        benchmark.IterationSetup();
        foreach ((string name, Func<Task<int>> run) in new (string, Func<Task<int>>)[] { ("AgentFrameworkWorkflow", benchmark.AgentFrameworkWorkflow), ("OperatorOsFlow", benchmark.OperatorOsFlow), ("...WithRecordingConnector", benchmark.OperatorOsFlowWithRecordingConnector) })
        {
            for (int i = 0; i < 200; i++)
            {
                _ = await run();
            }

            long before = GC.GetTotalAllocatedBytes(precise: true);
            var watch = Stopwatch.StartNew();
            for (int i = 0; i < runs; i++)
            {
                _ = await run();
            }

            watch.Stop();
            long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
            await output.WriteLineAsync($"{name,-24} {watch.Elapsed.TotalMicroseconds / runs,10:F1} us/run {allocated / runs / 1024.0,10:F1} KB/run");
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

        for (int i = 0; i < 200; i++)
        {
            _ = await GovernAsync();
        }

        long start = GC.GetTotalAllocatedBytes(precise: true);
        var timer = Stopwatch.StartNew();
        for (int i = 0; i < runs; i++)
        {
            _ = await GovernAsync();
        }

        await output.WriteLineAsync($"{"one governed action",-24} {timer.Elapsed.TotalMicroseconds / runs,10:F1} us/run {(GC.GetTotalAllocatedBytes(precise: true) - start) / runs / 1024.0,10:F1} KB/run");
        benchmark.GlobalCleanup();
    }
}
