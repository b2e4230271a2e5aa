using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using OperatorOs;

namespace OperatorOs.Benchmarks;

/// <summary>
/// The kernel's policy pipeline with its ten default policies on an agent's proposal (untrusted <c>mail.send</c>), against a single
/// tier-table lookup: through the compiled decision table (what the kernel runs), and uncompiled (every policy called).
/// </summary>
[MemoryDiagnoser]
public class PolicyBenchmark
{
    private ServiceProvider _services = null!;
    private PolicyPipeline _pipeline = null!;
    private PolicyContext _context = null!;
    private Dictionary<RiskTier, PolicyVerdict> _tiers = null!;

    [GlobalSetup]
    public void Setup()
    {
        _services = BenchmarkKernel.Build(BenchmarkKernel.Connector());
        _pipeline = _services.GetRequiredService<PolicyPipeline>();
        ConnectorCatalog catalog = _services.GetRequiredService<ConnectorCatalog>();
        AgentRole agent = _services.GetRequiredService<AgentRegistry>().Find("worker")!;
        using JsonDocument args = JsonDocument.Parse("""{"to":"a@example.com"}""");
        var proposal = new ActionProposal("p1", "mail.send", args.RootElement, "worker", DateTimeOffset.UnixEpoch) { Taint = TrustLevel.Untrusted };
        _context = new PolicyContext(proposal, catalog.Get("mail.send").Descriptor, agent);
        _tiers = new OperatorOsOptions().TierDefaults.ToDictionary();
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark(Baseline = true)]
    public PolicyVerdict TierLookup() => _tiers[_context.Capability!.RiskTier];

    [Benchmark]
    public async ValueTask<PolicyVerdict> Pipeline() => (await _pipeline.EvaluateAsync(_context, CancellationToken.None)).Decision.Verdict;

    [Benchmark]
    public async ValueTask<PolicyVerdict> Uncompiled() => (await _pipeline.EvaluateUncompiledAsync(_context, CancellationToken.None)).Decision.Verdict;
}
