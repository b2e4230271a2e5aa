using BenchmarkDotNet.Running;
using OperatorOs.Benchmarks;

// Runs the OperatorOs benchmarks. A quick pass: -- --filter '*' --job short
// Durable journal latency percentiles: -- journal-latency
if (args is ["journal-latency"])
{
    await JournalLatencyProbe.RunAsync(Console.Out);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
