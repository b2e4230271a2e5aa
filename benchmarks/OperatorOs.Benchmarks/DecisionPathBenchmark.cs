using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using OperatorOs;
using OperatorOs.Testing;

namespace OperatorOs.Benchmarks;

/// <summary>Routing plus the default policy pipeline for one proposal, against a straightforward implementation of the same checks (LINQ over rule lists, lookups per call).</summary>
[MemoryDiagnoser]
public class DecisionPathBenchmark
{
    private const int RouteCount = 100;
    private const int CapabilityCount = 20;

    private ServiceProvider _services = null!;
    private IntentRouter _router = null!;
    private PolicyPipeline _pipeline = null!;
    private PolicyContext _context = null!;
    private Intent _intent = null!;

    private List<(string Intent, string Agent)> _routeList = null!;
    private List<(string Capability, RiskTier Tier)> _capabilityList = null!;
    private List<(RiskTier Tier, PolicyVerdict Verdict)> _tierList = null!;
    private Dictionary<string, List<string>> _grants = null!;

    [GlobalSetup]
    public void Setup()
    {
        var connector = new RecordingConnector("bench", Enumerable.Range(0, CapabilityCount).Select(i => RecordingConnector.Capability($"cap{i}.run", (RiskTier)(i % 5))));
        var services = new ServiceCollection();
        IOperatorOsBuilder builder = services.AddOperatorOs().AddConnector(connector)
            .AddAgent(new AgentRole("worker", "x") { GrantedCapabilities = [.. Enumerable.Range(0, CapabilityCount).Select(i => $"cap{i}.run")] });
        for (int i = 0; i < RouteCount; i++)
        {
            builder.MapIntentToAgent($"intent{i}.received", "worker");
        }

        _services = services.BuildServiceProvider();
        _router = _services.GetRequiredService<IntentRouter>();
        _pipeline = _services.GetRequiredService<PolicyPipeline>();
        using JsonDocument args = JsonDocument.Parse("""{"amount":20}""");
        var proposal = new ActionProposal("p1", "cap7.run", args.RootElement, "worker", DateTimeOffset.UnixEpoch) { Taint = TrustLevel.Untrusted };
        _context = new PolicyContext(proposal, connector.GetCapability("cap7.run"), _services.GetRequiredService<AgentRegistry>().Find("worker"));
        _intent = Intent.Create("intent73.received", default, "bench", TrustLevel.Untrusted, TimeProvider.System);

        _routeList = Enumerable.Range(0, RouteCount).Select(i => ($"intent{i}.received", "worker")).ToList();
        _capabilityList = connector.Capabilities.Select(c => (c.Name, c.RiskTier)).ToList();
        _tierList = new OperatorOsOptions().TierDefaults.Select(pair => (pair.Key, pair.Value)).ToList();
        _grants = new Dictionary<string, List<string>> { ["worker"] = [.. _context.Agent!.GrantedCapabilities] };
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark(Baseline = true)]
    public PolicyVerdict Straightforward()
    {
        string? agent = _routeList.FirstOrDefault(route => route.Intent == _intent.Name).Agent;
        ActionProposal proposal = _context.Proposal;
        var verdicts = new List<PolicyDecision>();
        (string Capability, RiskTier Tier) capability = _capabilityList.FirstOrDefault(c => c.Capability == proposal.Capability);
        if (capability.Capability is null)
        {
            verdicts.Add(PolicyDecision.Deny("capability.unknown", "unknown"));
        }
        else
        {
            verdicts.Add(_grants.TryGetValue(proposal.Proposer, out List<string>? granted) && granted.Any(g => g == proposal.Capability)
                ? PolicyDecision.Execute("scope.granted", "granted")
                : PolicyDecision.Deny("scope.not-granted", "not granted"));
            PolicyVerdict tierDefault = _tierList.First(t => t.Tier == capability.Tier).Verdict;
            verdicts.Add(new PolicyDecision(tierDefault, $"risk-tier.{capability.Tier.ToString().ToLowerInvariant()}", "tier default"));
            if (proposal.Taint == TrustLevel.Untrusted && capability.Tier >= RiskTier.External)
            {
                verdicts.Add(PolicyDecision.NeedsApproval("taint.untrusted", "tainted"));
            }
        }

        return agent is null ? PolicyVerdict.Deny : verdicts.OrderByDescending(v => v.Verdict).First().Verdict;
    }

    [Benchmark]
    public async Task<PolicyVerdict> Kernel()
    {
        RouteDecision route = await _router.RouteAsync(_intent, CancellationToken.None);
        PolicyEvaluation evaluation = await _pipeline.EvaluateAsync(_context, CancellationToken.None);
        return route.IsRouted ? evaluation.Decision.Verdict : PolicyVerdict.Deny;
    }
}
