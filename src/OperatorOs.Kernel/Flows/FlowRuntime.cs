using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Options;
using OperatorOs.Shared;

namespace OperatorOs;

/// <summary>Runs durable flow instances: each change is a record in the journal stream <c>flow/{instanceId}</c>, and no effect happens before the records that lead to it are durable.</summary>
/// <remarks>
/// <para>One instance handles one thing at a time (a gate per instance); instances run in parallel, and their journal appends
/// share the journal's group commit. Steps go through the <see cref="ProposalGovernor"/>, so policy and approvals apply, with
/// the deterministic token <c>flow:{instance}:{transition}.{step}</c>; after a crash or failure the step's connector is asked
/// for the token's status before anything is proposed again.</para>
/// <para>Records are collected in a <see cref="FlowRecordWriter"/> and written as one journal event before each effect (a step's
/// operation, an approval request) and at the end of each call, so a step that runs at once costs one journal write: its
/// <see cref="FlowEventTypes.StepStarted"/> record goes out with the previous step's outcome and the transitions in between.
/// Records apply to the instance in memory as they are written; if an event cannot be written, the instance is read back from
/// the journal on its next use.</para>
/// <para>Journal appends are never cancelled half-way (a cancelled wait could leave an event committed but unknown here);
/// cancellation is observed between steps.</para>
/// </remarks>
internal sealed partial class FlowRuntime : IFlowRuntime, IApprovalDecisionListener, IDisposable
{
    private const string RetryTimer = "$retry";

    private readonly FlowRegistry _registry;
    private readonly ProposalGovernor _governor;
    private readonly ActionExecutor _executor;
    private readonly ConnectorCatalog _catalog;
    private readonly ApprovalStore _approvals;
    private readonly Journal _journal;
    private readonly FlowIndex _index;
    private readonly TimeProvider _timeProvider;
    private readonly FlowRuntimeOptions _options;
    private readonly FlowTimerQueue _timers;
    private readonly OperatorOsTelemetry _telemetry;
    private readonly Dictionary<FlowStepDefinition, string> _rationales;
    private readonly ConcurrentDictionary<string, Slot> _slots = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Task, byte> _background = new();
    private readonly ConcurrentDictionary<string, string> _recoveryProblems = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<FlowRecordWriter> _writers = [];

    public FlowRuntime(
        FlowRegistry registry,
        ProposalGovernor governor,
        ActionExecutor executor,
        ConnectorCatalog catalog,
        ApprovalStore approvals,
        Journal journal,
        MemoryStore memory,
        TimeProvider timeProvider,
        IOptions<FlowRuntimeOptions> options,
        OperatorOsTelemetry telemetry)
    {
        _telemetry = telemetry;
        _registry = registry;
        _governor = governor;
        _executor = executor;
        _catalog = catalog;
        _approvals = approvals;
        _journal = journal;
        _index = new FlowIndex(memory);
        _timeProvider = timeProvider;
        _options = options.Value;
        _timers = new FlowTimerQueue(timeProvider, (instanceId, name) => Track(FireTimerAsync(instanceId, name)));
        CheckCapabilities(registry, catalog);
        _rationales = Rationales(registry);
    }

    public async Task<FlowInstance> StartAsync(string flowName, string? instanceId = null, JsonElement input = default, string? correlationKey = null, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNull(flowName);
        FlowDefinition definition = _registry.Latest(flowName);
        string id = instanceId ?? NewInstanceId(definition);
        CheckInstanceId(id, nameof(instanceId));
        if (correlationKey is not null && (correlationKey.Length is 0 or > 200 || string.IsNullOrWhiteSpace(correlationKey)))
        {
            throw new ArgumentException("A correlation key must have 1 to 200 characters and not be blank.", nameof(correlationKey));
        }

        if (input.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null or JsonValueKind.Object))
        {
            throw new ArgumentException($"A flow's input must be a JSON object, not {input.ValueKind}.", nameof(input));
        }

        await _index.EnsureLoadedAsync(cancellationToken).ConfigureAwait(false);
        return await StartCoreAsync(definition, id, input, correlationKey, correlationId: null, TrustLevel.Internal, turn: null, cancellationToken).ConfigureAwait(false);
    }

    public async Task<FlowInstance> RaiseAsync(string instanceId, string trigger, JsonElement payload = default, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNull(instanceId);
        _ = Throw.IfNull(trigger);
        await _index.EnsureLoadedAsync(cancellationToken).ConfigureAwait(false);
        return await WithInstanceAsync(
            instanceId,
            (slot, cp) => RaiseCoreAsync(slot, cp, trigger, payload, TrustLevel.Internal, turn: null, cancellationToken),
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<FlowInstance> RaiseAsync(string flowName, string correlationKey, string trigger, JsonElement payload = default, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNull(flowName);
        _ = Throw.IfNull(correlationKey);
        _ = Throw.IfNull(trigger);
        await _index.EnsureLoadedAsync(cancellationToken).ConfigureAwait(false);
        string instanceId = _index.FindActive(flowName, correlationKey) ?? throw FlowInstanceNotFoundException.ForCorrelation(flowName, correlationKey);
        return await RaiseAsync(instanceId, trigger, payload, cancellationToken).ConfigureAwait(false);
    }

    public async Task<FlowInstance?> GetAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNull(instanceId);
        if (_slots.TryGetValue(instanceId, out Slot? loaded) && loaded.Snapshot is { } snapshot)
        {
            return snapshot;
        }

        await _index.EnsureLoadedAsync(cancellationToken).ConfigureAwait(false);
        Slot slot = _slots.GetOrAdd(instanceId, static _ => new Slot());
        await slot.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (await LoadAsync(slot, instanceId, cancellationToken).ConfigureAwait(false) is not { } cp)
            {
                return null;
            }

            Release(slot, cp);
            return slot.Snapshot;
        }
        finally
        {
            slot.Gate.Release();
        }
    }

    public async Task<IReadOnlyList<FlowInstance>> ListAsync(FlowQuery? query = null, CancellationToken cancellationToken = default)
    {
        query ??= new FlowQuery();
        await _index.EnsureLoadedAsync(cancellationToken).ConfigureAwait(false);
        bool wantsCompleted = query.IncludeCompleted || query.Status == FlowStatus.Completed;
        var found = new List<FlowInstance>();
        foreach (FlowIndexEntry entry in _index.Entries())
        {
            if ((query.FlowName is not null && entry.FlowName != query.FlowName)
                || (query.CorrelationKey is not null && entry.CorrelationKey != query.CorrelationKey)
                || (entry.Completed && !wantsCompleted))
            {
                continue;
            }

            if (await GetAsync(entry.InstanceId, cancellationToken).ConfigureAwait(false) is { } instance && query.Matches(instance))
            {
                found.Add(instance);
            }
        }

        found.Sort(static (a, b) => a.StartedAt != b.StartedAt ? a.StartedAt.CompareTo(b.StartedAt) : string.CompareOrdinal(a.Id, b.Id));
        return found;
    }

    public async Task<FlowInstance> ResumeAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNull(instanceId);
        await _index.EnsureLoadedAsync(cancellationToken).ConfigureAwait(false);
        return await WithInstanceAsync(instanceId, (slot, cp) => ResumeCoreAsync(slot, cp, retryFailed: true, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Waits until the work started in the background (timers, retries) has finished; for tests and shutdown.</summary>
    public async Task WhenIdleAsync()
    {
        while (!_background.IsEmpty)
        {
            await Task.WhenAll(_background.Keys).ConfigureAwait(false);
        }
    }

    public void Dispose() => _timers.Dispose();

    // A step naming a capability no connector offers would fail only when an instance reaches it: refuse it at startup.
    private static void CheckCapabilities(FlowRegistry registry, ConnectorCatalog catalog)
    {
        foreach (FlowDefinition definition in registry.All)
        {
            foreach (FlowStateDefinition state in definition.States)
            {
                foreach (FlowStepDefinition step in state.Transitions.SelectMany(t => t.Steps))
                {
                    if (!catalog.TryGet(step.Capability, out _))
                    {
                        throw new FlowDefinitionException(definition.Name, state.Name, $"the step '{step.Name}' (version {definition.Version}) uses the capability '{step.Capability}', which no registered connector offers.");
                    }
                }
            }
        }
    }

    // Each step's rationale, once: its own, or the default naming the flow, trigger and state (a step belongs to one transition).
    private static Dictionary<FlowStepDefinition, string> Rationales(FlowRegistry registry)
    {
        var rationales = new Dictionary<FlowStepDefinition, string>(ReferenceEqualityComparer.Instance);
        var shared = new HashSet<FlowStepDefinition>(ReferenceEqualityComparer.Instance);
        foreach (FlowDefinition definition in registry.All)
        {
            foreach (FlowStateDefinition state in definition.States)
            {
                foreach (FlowTransitionDefinition transition in state.Transitions)
                {
                    foreach (FlowStepDefinition step in transition.Steps)
                    {
                        if (!rationales.TryAdd(step, step.Rationale ?? FlowMachine.DefaultRationale(definition, state.Name, transition.Trigger, step)))
                        {
                            _ = shared.Add(step);
                        }
                    }
                }
            }
        }

        // A step object built into two places has no single default; it is worded when proposed.
        foreach (FlowStepDefinition step in shared)
        {
            _ = rationales.Remove(step);
        }

        return rationales;
    }

    private static string NewInstanceId(FlowDefinition definition) => $"{definition.Name}-{Guid.NewGuid():n}";

    private static void CheckInstanceId(string id, string paramName)
    {
        if (!FlowMachine.IsValidInstanceId(id))
        {
            throw new ArgumentException($"'{id}' is not a valid flow instance id: 1 to {FlowMachine.MaxInstanceIdLength} printable ASCII characters without spaces.", paramName);
        }
    }

    private string RationaleOf(FlowDefinition definition, FlowCheckpoint cp, FlowStepDefinition step) =>
        _rationales.TryGetValue(step, out string? rationale) ? rationale : step.Rationale ?? FlowMachine.DefaultRationale(definition, cp.State, cp.Pending!.Trigger, step);

    private void Track(Task task)
    {
        _background.TryAdd(task, 0);
        _ = task.ContinueWith(
            static (t, state) => ((ConcurrentDictionary<Task, byte>)state!).TryRemove(t, out _),
            _background,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <summary>Runs one call on a known instance under its gate; the records it wrote are durable when it returns, and it returns the instance as it then stands.</summary>
    private async Task<FlowInstance> WithInstanceAsync(string instanceId, Func<Slot, FlowCheckpoint, ValueTask> work, CancellationToken cancellationToken)
    {
        Slot slot = _slots.GetOrAdd(instanceId, static _ => new Slot());
        await slot.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            FlowCheckpoint cp = await LoadAsync(slot, instanceId, cancellationToken).ConfigureAwait(false)
                ?? throw FlowInstanceNotFoundException.ForId(instanceId);
            await work(slot, cp).ConfigureAwait(false);
            await FinishAsync(slot, cp).ConfigureAwait(false);
            return slot.Snapshot!;
        }
        catch
        {
            await AbandonAsync(slot).ConfigureAwait(false);
            throw;
        }
        finally
        {
            slot.Gate.Release();
        }
    }

    // Called with the slot's gate held.
    private async ValueTask<FlowCheckpoint?> LoadAsync(Slot slot, string instanceId, CancellationToken cancellationToken)
    {
        if (slot.Loaded)
        {
            return slot.Checkpoint;
        }

        // The index is written before an instance's first event, so an id it does not know has no stream: no journal read.
        if (!_index.TryGet(instanceId, out FlowIndexEntry entry))
        {
            slot.Loaded = true;
            return null;
        }

        FlowCheckpoint? cp = await FlowHistory.LoadAsync(_journal, instanceId, cancellationToken).ConfigureAwait(false);
        if (cp is null && !entry.Completed)
        {
            // The process stopped between indexing the instance and journaling its start: finish the start now.
            FlowDefinition definition = _registry.Get(entry.FlowName, entry.FlowVersion);
            cp = RecordStart(slot, definition, instanceId, entry.CorrelationKey, entry.CorrelationId, entry.Input, entry.Trust);
            await FinishAsync(slot, cp).ConfigureAwait(false);
        }

        slot.Checkpoint = cp;
        slot.Loaded = true;
        if (cp is null)
        {
            return null;
        }

        slot.Snapshot = cp.ToInstance();

        // Loaded from the journal: whatever was under way may have happened before the process stopped.
        slot.NeedsCheck = cp.Pending is not null;
        ScheduleTimers(cp);
        if (cp.Status == FlowStatus.Completed)
        {
            // The process stopped between the final transition and the index update.
            await _index.CompleteAsync(instanceId, CancellationToken.None).ConfigureAwait(false);
        }

        return cp;
    }

    private void ScheduleTimers(FlowCheckpoint cp)
    {
        if (cp.Status is FlowStatus.Completed)
        {
            return;
        }

        for (int i = 0; i < cp.Timers.Count; i++)
        {
            _timers.Schedule(cp.InstanceId, cp.Timers[i].Name, cp.Timers[i].Due);
        }
    }

    private sealed class Slot
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public FlowCheckpoint? Checkpoint { get; set; }

        public bool Loaded { get; set; }

        /// <summary>Gets or sets a value indicating whether the next step's token may have been presented to its connector (or its
        /// approval requested) without its outcome being recorded: the step then asks the connector and the approval store first.</summary>
        /// <remarks>False only when the instance was started or loaded here with nothing under way, or the last step's outcome is
        /// recorded; a step's token is presented only after its <see cref="FlowEventTypes.StepStarted"/> record is durable, with this set.</remarks>
        public bool NeedsCheck { get; set; }

        /// <summary>Gets or sets the records written since the last journal append, while a call holds the gate.</summary>
        public FlowRecordWriter? Records { get; set; }

        public FlowInstance? Snapshot
        {
            get => Volatile.Read(ref field);
            set => Volatile.Write(ref field, value);
        }
    }
}
