using BenchmarkDotNet.Running;

// Runs the OperatorOs benchmarks. A quick pass: -- --filter '*' --job short
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
