using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using OperatorOs;

namespace OperatorOs.Benchmarks;

/// <summary>Semantic routing over 100 routes of 3 exemplars each, excluding embedding time (the query's vector is precomputed), against the exact-name path.</summary>
[MemoryDiagnoser]
public class SemanticRoutingBenchmark
{
    private const int Routes = 100;

    private ServiceProvider _services = null!;
    private IntentRouter _router = null!;
    private Intent _semantic = null!;
    private Intent _exact = null!;

    [GlobalSetup]
    public void Setup()
    {
        string[][] exemplars = Enumerable.Range(0, Routes)
            .Select(i => new[] { $"topic {i} question about item {i}", $"help with subject {i} please", $"what about case number {i}" })
            .ToArray();
        const string query = "a question about topic 42 and item 42";

        var services = new ServiceCollection();
        services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(PrecomputedEmbeddingGenerator.For(exemplars.SelectMany(e => e).Append(query)));
        IOperatorOsBuilder builder = services.AddOperatorOs().AddAgent(new AgentRole("worker", "x")).MapIntentToAgent("exact.intent", "worker");
        for (int i = 0; i < Routes; i++)
        {
            builder.AddAgent(new AgentRole($"agent{i}", "x")).MapExemplarsToAgent($"agent{i}", exemplars[i]);
        }

        _services = services.BuildServiceProvider();
        _router = _services.GetRequiredService<IntentRouter>();
        _semantic = Intent.Create("email.received", TestJsonText(query), "bench", TrustLevel.Untrusted, TimeProvider.System);
        _exact = Intent.Create("exact.intent", default, "bench", TrustLevel.Internal, TimeProvider.System);
        _ = _router.RouteAsync(_semantic, CancellationToken.None).AsTask().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark(Baseline = true)]
    public async Task<bool> Exact() => (await _router.RouteAsync(_exact, CancellationToken.None)).IsRouted;

    [Benchmark]
    public async Task<string?> Semantic100Routes() => (await _router.RouteAsync(_semantic, CancellationToken.None)).Target;

    private static System.Text.Json.JsonElement TestJsonText(string text)
    {
        using var document = System.Text.Json.JsonDocument.Parse(System.Text.Json.JsonSerializer.Serialize(text));
        return document.RootElement.Clone();
    }
}
