using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using OperatorOs;
using OperatorOs.Testing;

namespace OperatorOs.Benchmarks;

/// <summary>One governed action end to end (journal, policy, executor, status check, outcome fact) against calling the connector directly.</summary>
[MemoryDiagnoser]
public class GovernedActionBenchmark
{
    private ServiceProvider _services = null!;
    private RecordingConnector _connector = null!;
    private IOperatorKernel _kernel = null!;
    private JsonElement _arguments;
    private long _next;

    [GlobalSetup]
    public void Setup()
    {
        _connector = BenchmarkKernel.Connector();
        _services = BenchmarkKernel.Build(_connector);
        _kernel = _services.GetRequiredService<IOperatorKernel>();
        using JsonDocument args = JsonDocument.Parse("""{"id":42}""");
        _arguments = args.RootElement.Clone();
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark(Baseline = true)]
    public Task<OperationResult> DirectConnectorCall() =>
        _connector.ExecuteAsync(new OperationRequest("notes.read", _arguments, OperationToken.ForProposal($"d{_next++}")), CancellationToken.None);

    [Benchmark]
    public Task<ProposalResult> GovernedProposal() =>
        _kernel.ProposeAsync(new ActionProposal($"g{_next++}", "notes.read", _arguments, "worker", DateTimeOffset.UnixEpoch), CancellationToken.None);
}
