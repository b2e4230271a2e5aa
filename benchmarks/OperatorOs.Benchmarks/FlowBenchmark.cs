using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Microsoft.Agents.AI.Workflows;
using Microsoft.Extensions.DependencyInjection;
using OperatorOs.Testing;
using Polly;
using Polly.CircuitBreaker;

namespace OperatorOs.Benchmarks;

/// <summary>
/// The same three-step flow with in-memory checkpointing: OperatorOs (three transitions, each checkpointed in the journal, each
/// step a governed proposal executed by an in-memory connector) against Microsoft.Agents.AI.Workflows 1.28.0 (three chained
/// executors, in-process, checkpointed after every superstep by <c>CheckpointManager.CreateInMemory()</c>).
/// </summary>
/// <remarks>
/// <para>Each step adds 1 to a number, so both produce 3 from 0. OperatorOs does more per step than the baseline: the connector's
/// argument check, the policy pipeline, the resilience pipeline (retry and timeout), and a hash-chained journal event written
/// before each effect (the step's proposal and decision, with the previous step's outcome and the transitions in between).</para>
/// <para><see cref="OperatorOsFloor"/> measures only what no OperatorOs flow run can do without, whatever its runtime: appending the
/// four hash-chained events a run writes (recorded from a real run) to the in-memory journal, and three passes through a connector's
/// resilience pipeline (the kernel's own: retry, circuit breaker, timeout, default settings) around a call that returns at once.</para>
/// <para>The steps' connector is <see cref="CounterConnector"/>, a minimal idempotent connector; <see cref="OperatorOsFlowWithRecordingConnector"/>
/// runs the same flow over the test connector, for comparison. The runtimes are rebuilt before each iteration so the in-memory journal
/// does not grow across the run.</para>
/// <para>A hundred warm-up iterations (whatever the job says): tiered compilation replaces both runtimes' first code with optimized code
/// over several seconds on a busy 2-core machine, and a short job's three warm-ups measured mostly the first code (about four times
/// slower for both).</para>
/// </remarks>
[MemoryDiagnoser]
[InvocationCount(1024)]
[WarmupCount(100)]
[IterationCount(15)]
public class FlowBenchmark
{
    private ServiceProvider _services = null!;
    private ServiceProvider _recordingServices = null!;
    private IFlowRuntime _flows = null!;
    private IFlowRuntime _recordingFlows = null!;
    private Workflow _workflow = null!;
    private JsonElement _input;
    private long _next;
    private (string Type, byte[] Payload, string? CorrelationId)[] _runEvents = [];
    private ResiliencePipeline<OperationResult> _floorPipeline = null!;
    private OperationResult _floorResult = null!;
    private InMemoryJournal _floorJournal = null!;

    [GlobalSetup]
    public void GlobalSetup()
    {
        ExecutorBinding first = ((Func<int, int>)(n => n + 1)).BindAsExecutor<int, int>("step-1");
        ExecutorBinding second = ((Func<int, int>)(n => n + 1)).BindAsExecutor<int, int>("step-2");
        ExecutorBinding third = ((Func<int, int>)(n => n + 1)).BindAsExecutor<int, int>("step-3");
        _workflow = new WorkflowBuilder(first).AddEdge(first, second).AddEdge(second, third).WithOutputFrom(third).Build();
        using JsonDocument input = JsonDocument.Parse("""{"n":0}""");
        _input = input.RootElement.Clone();
        _runEvents = RecordRunEvents(_input);
        _floorPipeline = ConnectorPipeline.Build(ConnectorPipelineSettings.From(new OperatorOsOptions()), TimeProvider.System, _ => default, () => default, new CircuitBreakerStateProvider());
        _floorResult = new OperationResult(new OperationToken("floor"), CounterConnector.Capability, _input, "counter.add done", DateTimeOffset.UnixEpoch);
    }

    [IterationSetup]
    public void IterationSetup()
    {
        _services?.Dispose();
        _recordingServices?.Dispose();
        _services = Build(new CounterConnector());
        _flows = _services.GetRequiredService<IFlowRuntime>();
        var recording = new RecordingConnector("bench", [RecordingConnector.Capability(CounterConnector.Capability, RiskTier.Internal)])
        {
            ExecuteAsyncCallback = static (request, _) => Task.FromResult(JsonOutputOf(request.Arguments.GetProperty("n").GetInt32() + 1)),
        };
        _recordingServices = Build(recording);
        _recordingFlows = _recordingServices.GetRequiredService<IFlowRuntime>();
        _floorJournal = new InMemoryJournal(TimeProvider.System);
    }

    internal IOperatorKernel Kernel => _services.GetRequiredService<IOperatorKernel>();

    internal IServiceProvider Services => _services;

    [GlobalCleanup]
    public void GlobalCleanup()
    {
        _services.Dispose();
        _recordingServices.Dispose();
    }

    [Benchmark(Baseline = true)]
    public async Task<int> AgentFrameworkWorkflow()
    {
        await using Run run = await InProcessExecution.RunAsync(_workflow, 0, CheckpointManager.CreateInMemory());
        foreach (WorkflowEvent e in run.NewEvents)
        {
            if (e is WorkflowOutputEvent output && output.Is(out int result))
            {
                return result;
            }
        }

        throw new InvalidOperationException("The workflow produced no output.");
    }

    [Benchmark]
    public async Task<int> OperatorOsFlow()
    {
        FlowInstance done = await _flows.StartAsync("three-steps", $"b{_next++}", _input);
        return done.Data.GetProperty("steps").GetProperty("step-3").GetProperty("n").GetInt32();
    }

    [Benchmark]
    public async Task<int> OperatorOsFlowWithRecordingConnector()
    {
        FlowInstance done = await _recordingFlows.StartAsync("three-steps", $"r{_next++}", _input);
        return done.Data.GetProperty("steps").GetProperty("step-3").GetProperty("n").GetInt32();
    }

    [Benchmark]
    public async Task<int> OperatorOsFloor()
    {
        string stream = FlowEventTypes.StreamOf($"f{_next++}");
        foreach ((string type, byte[] payload, string? correlationId) in _runEvents)
        {
            _ = await _floorJournal.AppendWrittenAsync(stream, type, payload, correlationId, CancellationToken.None);
        }

        int steps = 0;
        for (int step = 0; step < 3; step++)
        {
            OperationResult done = await _floorPipeline.ExecuteAsync(static (result, _) => ValueTask.FromResult(result), _floorResult, CancellationToken.None);
            steps += done.CompletedAt == DateTimeOffset.UnixEpoch ? 1 : 0;
        }

        return steps;
    }

    internal static ServiceProvider Build(Connector connector)
    {
        var services = new ServiceCollection();
        services.AddOperatorOs(o => o.TierDefaults[RiskTier.Internal] = PolicyVerdict.Execute).AddConnector(connector).AddFlow(ThreeSteps());
        return services.BuildServiceProvider();
    }

    internal static FlowDefinition ThreeSteps() => FlowDefinition.Create("three-steps")
        .Initial("s0")
        .State("s0", s => s.Always().Step("step-1", "counter.add", c => new JsonObject { ["n"] = c.Input.GetProperty("n").GetInt32() }).TransitionTo("s1"))
        .State("s1", s => s.Always().Step("step-2", "counter.add", c => new JsonObject { ["n"] = c.StepOutput("step-1").GetProperty("n").GetInt32() }).TransitionTo("s2"))
        .State("s2", s => s.Always().Step("step-3", "counter.add", c => new JsonObject { ["n"] = c.StepOutput("step-2").GetProperty("n").GetInt32() }).TransitionTo("done"))
        .Terminal("done")
        .Build();

    // The journal events of one run of the flow, as written.
    private static (string Type, byte[] Payload, string? CorrelationId)[] RecordRunEvents(JsonElement input)
    {
        using ServiceProvider services = Build(new CounterConnector());
        _ = services.GetRequiredService<IFlowRuntime>().StartAsync("three-steps", "recorded", input).GetAwaiter().GetResult();
        var events = new List<(string, byte[], string?)>();
        IAsyncEnumerator<JournalEvent> reader = services.GetRequiredService<Journal>().ReadStreamAsync(FlowEventTypes.StreamOf("recorded")).GetAsyncEnumerator();
        while (reader.MoveNextAsync().AsTask().GetAwaiter().GetResult())
        {
            events.Add((reader.Current.Type, Encoding.UTF8.GetBytes(reader.Current.Payload.GetRawText()), reader.Current.CorrelationId));
        }

        return events.Count == 4 ? [.. events] : throw new InvalidOperationException($"A run of the flow wrote {events.Count} events, not 4.");
    }

    private static JsonElement JsonOutputOf(int n)
    {
        using JsonDocument document = JsonDocument.Parse($$"""{"n":{{n}}}""");
        return document.RootElement.Clone();
    }
}
