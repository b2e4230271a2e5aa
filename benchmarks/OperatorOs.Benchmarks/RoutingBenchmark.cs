using BenchmarkDotNet.Attributes;
using OperatorOs;

namespace OperatorOs.Benchmarks;

/// <summary>Exact-name routing against a plain dictionary lookup of the same names.</summary>
[MemoryDiagnoser]
public class RoutingBenchmark
{
    private IntentRouter _router = null!;
    private Dictionary<string, string> _baseline = null!;
    private Intent[] _intents = null!;

    [Params(10, 1000)]
    public int Routes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var agents = new AgentRegistry([new AgentRole("worker", "x")]);
        string[] names = Enumerable.Range(0, Routes).Select(i => $"domain{i % 7}.intent{i}").ToArray();
        _router = new IntentRouter(names.Select(n => new IntentRoute(n, RouteTargetKind.Agent, "worker")), agents);
        _baseline = names.ToDictionary(n => n, _ => "worker", StringComparer.Ordinal);
        _intents = names.Take(64).Select(n => Intent.Create(n, default, "bench", TrustLevel.Internal, TimeProvider.System)).ToArray();
    }

    [Benchmark(Baseline = true)]
    public int DictionaryLookup()
    {
        int found = 0;
        foreach (Intent intent in _intents)
        {
            found += _baseline.TryGetValue(intent.Name, out _) ? 1 : 0;
        }

        return found;
    }

    [Benchmark]
    public int ExactRoute()
    {
        int found = 0;
        foreach (Intent intent in _intents)
        {
            found += _router.RouteAsync(intent, CancellationToken.None).Result.IsRouted ? 1 : 0;
        }

        return found;
    }
}
