using BenchmarkDotNet.Running;
using OperatorOs.Benchmarks;

// Runs the OperatorOs benchmarks. A quick pass: -- --filter '*' --job short
// Durable journal latency percentiles: -- journal-latency
// Flows against Microsoft.Agents.AI.Workflows, warm, without BenchmarkDotNet: -- flow-probe [warm-up seconds per variant]
// Vector search recall@10 and query time (exact, int8, HNSW): -- vector-recall [count]
if (args is ["journal-latency"])
{
    await JournalLatencyProbe.RunAsync(Console.Out);
    return;
}

if (args is ["flow-probe", ..])
{
    await FlowProbe.RunAsync(Console.Out, args.Length > 1 ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10);
    return;
}

if (args is ["vector-recall", ..])
{
    await VectorRecallProbe.RunAsync(Console.Out, args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100_000);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
