using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using OperatorOs;
using OperatorOs.Benchmarks.Baselines;
using OperatorOs.Testing;

namespace OperatorOs.Benchmarks;

/// <summary>
/// Routing plus the default policy pipeline for one agent proposal, against a straightforward implementation of the same checks
/// (a dictionary lookup per call for the route, tier, grants and trust standing; LINQ over the rule lists) that returns the same
/// verdicts, rule ids and reasons.
/// </summary>
/// <remarks>
/// The proposal: agent <c>worker</c> (granted, no recorded standing, so its starting level Propose) proposes <c>cap7.run</c>
/// (External) with untrusted arguments, under the default options: scope, trust ladder (the tier default) and taint rule, and the
/// thresholds, rate limits, quiet hours, escalation and shadow mode are consulted and have nothing to say.
/// </remarks>
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
    private StraightforwardDecisionPath _straightforward = null!;

    [GlobalSetup]
    public void Setup()
    {
        var connector = new RecordingConnector("bench", Enumerable.Range(0, CapabilityCount).Select(i => RecordingConnector.Capability($"cap{i}.run", (RiskTier)(i % 5))));
        var worker = new AgentRole("worker", "x") { GrantedCapabilities = [.. Enumerable.Range(0, CapabilityCount).Select(i => $"cap{i}.run")] };
        var services = new ServiceCollection();
        IOperatorOsBuilder builder = services.AddOperatorOs().AddConnector(connector).AddAgent(worker);
        for (int i = 0; i < RouteCount; i++)
        {
            builder.MapIntentToAgent($"intent{i}.received", "worker");
        }

        _services = services.BuildServiceProvider();
        _router = _services.GetRequiredService<IntentRouter>();
        _pipeline = _services.GetRequiredService<PolicyPipeline>();
        using JsonDocument args = JsonDocument.Parse("""{"amount":20}""");
        var proposal = new ActionProposal("p1", "cap7.run", args.RootElement, "worker", DateTimeOffset.UnixEpoch) { Taint = TrustLevel.Untrusted };
        _context = new PolicyContext(
            proposal,
            _services.GetRequiredService<ConnectorCatalog>().Get("cap7.run").Descriptor,
            _services.GetRequiredService<AgentRegistry>().Find("worker"));
        _intent = Intent.Create("intent73.received", default, "bench", TrustLevel.Untrusted, TimeProvider.System);

        _straightforward = new StraightforwardDecisionPath(
            Enumerable.Range(0, RouteCount).Select(i => ($"intent{i}.received", "worker")),
            [worker],
            new OperatorOsOptions(),
            file: null,
            TimeProvider.System);

        // Both sides must reach the same verdicts, rule ids and reasons, or the comparison means nothing.
        PolicyEvaluation kernel = _pipeline.EvaluateAsync(_context, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        PolicyEvaluation baseline = _straightforward.Evaluate(_context);
        if (!Describe(kernel).SequenceEqual(Describe(baseline)) || _pipeline.Table()?.Find(_context) is null)
        {
            throw new InvalidOperationException(
                $"The baseline does not match the kernel:\n{string.Join('\n', Describe(kernel))}\n--\n{string.Join('\n', Describe(baseline))}");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark(Baseline = true)]
    public PolicyVerdict Straightforward()
    {
        string? agent = _straightforward.Route(_intent.Name);
        PolicyEvaluation evaluation = _straightforward.Evaluate(_context);
        return agent is null ? PolicyVerdict.Deny : evaluation.Decision.Verdict;
    }

    [Benchmark]
    public async ValueTask<PolicyVerdict> Kernel()
    {
        RouteDecision route = await _router.RouteAsync(_intent, CancellationToken.None);
        PolicyEvaluation evaluation = await _pipeline.EvaluateAsync(_context, CancellationToken.None);
        return route.IsRouted ? evaluation.Decision.Verdict : PolicyVerdict.Deny;
    }

    private static IEnumerable<string> Describe(PolicyEvaluation evaluation) =>
        evaluation.Verdicts.Select(v => v.ToString()).Prepend("decision: " + evaluation.Decision);
}
