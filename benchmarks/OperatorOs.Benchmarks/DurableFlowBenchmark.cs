using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using OperatorOs.Testing;

namespace OperatorOs.Benchmarks;

/// <summary>Durable flows on SQLite: 8 instances of the three-step flow run at once; the result is the time per transition.</summary>
/// <remarks>
/// Every effect waits until the records leading to it are durable (<c>synchronous=FULL</c>): one journal event per step, group
/// committed across the instances, holding the step's proposal and decision with the previous step's outcome and the transitions
/// in between; and per instance the flow index's fact, written at start and at completion (memory writes are group-committed too).
/// Transitions per second = 1 / Mean. The steps run on the test connector, as before the schema-2 journal, for comparison.
/// </remarks>
[MemoryDiagnoser]
public class DurableFlowBenchmark
{
    private const int Concurrent = 8;
    private const int TransitionsPerFlow = 3;
    private string _directory = null!;
    private ServiceProvider _services = null!;
    private IFlowRuntime _flows = null!;
    private JsonElement _input;
    private long _next;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("operatoros-flow-bench-").FullName;
        var connector = new RecordingConnector("bench", [RecordingConnector.Capability("counter.add", RiskTier.Internal)])
        {
            ExecuteAsyncCallback = static (request, _) =>
            {
                using JsonDocument document = JsonDocument.Parse($$"""{"n":{{request.Arguments.GetProperty("n").GetInt32() + 1}}}""");
                return Task.FromResult(document.RootElement.Clone());
            },
        };
        var services = new ServiceCollection();
        services.AddOperatorOs(o => o.TierDefaults[RiskTier.Internal] = PolicyVerdict.Execute)
            .UseSqlite(Path.Combine(_directory, "operator.db"))
            .AddConnector(connector)
            .AddFlow(FlowBenchmark.ThreeSteps());
        _services = services.BuildServiceProvider();
        _flows = _services.GetRequiredService<IFlowRuntime>();
        using JsonDocument input = JsonDocument.Parse("""{"n":0}""");
        _input = input.RootElement.Clone();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _services.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(OperationsPerInvoke = Concurrent * TransitionsPerFlow)]
    public Task EightConcurrentFlows()
    {
        var runs = new Task[Concurrent];
        for (int i = 0; i < Concurrent; i++)
        {
            string id = $"d{Interlocked.Increment(ref _next)}";
            runs[i] = Task.Run(() => _flows.StartAsync("three-steps", id, _input));
        }

        return Task.WhenAll(runs);
    }
}
