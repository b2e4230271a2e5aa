using System.Diagnostics;
using System.Text.Json;

namespace OperatorOs;

/// <content>Starting instances, accepting events, taking transitions, automatic transitions and timers.</content>
internal sealed partial class FlowRuntime
{
    private static readonly JsonElement EmptyObject = JsonElement.Parse("{}"u8);

    private async Task<FlowInstance> StartCoreAsync(
        FlowDefinition definition, string id, JsonElement input, string? correlationKey, string? correlationId, TrustLevel trust, FlowTurn? turn, CancellationToken cancellationToken)
    {
        if (correlationKey is not null && _index.TryReserve(definition.Name, correlationKey, id) is { } holder)
        {
            throw new FlowInstanceExistsException(holder, $"The unfinished instance '{holder}' of the flow '{definition.Name}' has the correlation key '{correlationKey}'.");
        }

        bool indexed = false;
        Slot slot = _slots.GetOrAdd(id, static _ => new Slot());
        try
        {
            await slot.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch when (correlationKey is not null)
        {
            _index.Release(definition.Name, correlationKey, id);
            throw;
        }

        try
        {
            if (await LoadAsync(slot, id, cancellationToken).ConfigureAwait(false) is not null || _index.TryGet(id, out _))
            {
                throw new FlowInstanceExistsException(id, $"A flow instance with the id '{id}' exists.");
            }

            JsonElement startInput = input.ValueKind == JsonValueKind.Object ? input : EmptyObject;
            await _index.AddAsync(
                new FlowIndexEntry(id, definition.Name, definition.Version, correlationKey, correlationId, false, startInput, trust, _timeProvider.GetUtcNow(), 0),
                CancellationToken.None).ConfigureAwait(false);
            indexed = true;
            FlowCheckpoint cp = RecordStart(slot, definition, id, correlationKey, correlationId, startInput, trust);
            try
            {
                await AdvanceAsync(slot, cp, definition, turn, cancellationToken).ConfigureAwait(false);
                await FinishAsync(slot, cp).ConfigureAwait(false);
            }
            catch
            {
                await AbandonAsync(slot).ConfigureAwait(false);
                throw;
            }

            return slot.Snapshot!;
        }
        catch when (!indexed && correlationKey is not null)
        {
            _index.Release(definition.Name, correlationKey, id);
            throw;
        }
        finally
        {
            slot.Gate.Release();
        }
    }

    private async ValueTask RaiseCoreAsync(Slot slot, FlowCheckpoint cp, string trigger, JsonElement payload, TrustLevel trust, FlowTurn? turn, CancellationToken cancellationToken)
    {
        using Activity? activity = _telemetry.ActivitySource.HasListeners() ? _telemetry.ActivitySource.StartActivity($"flow {cp.FlowName} {trigger}") : null;
        activity?.SetTag("operatoros.flow", cp.FlowName);
        activity?.SetTag("operatoros.flow.instance", cp.InstanceId);
        activity?.SetTag("operatoros.flow.state", cp.State);
        FlowDefinition definition = _registry.Get(cp.FlowName, cp.FlowVersion);
        if (cp.Status == FlowStatus.Completed)
        {
            throw new FlowInstanceFinishedException(cp.InstanceId, cp.State, trigger);
        }

        if (!definition.EventTriggers.Contains(trigger))
        {
            throw new FlowTriggerException(cp.InstanceId, cp.State, trigger, FlowTriggerRefusal.UnknownTrigger);
        }

        if (cp.Pending is not null || cp.Status == FlowStatus.Failed)
        {
            throw new FlowTriggerException(cp.InstanceId, cp.State, trigger, FlowTriggerRefusal.TransitionInProgress);
        }

        FlowStateDefinition state = definition.GetState(cp.State);
        if (!FlowMachine.Declares(state, FlowTriggerKind.Event, trigger))
        {
            throw new FlowTriggerException(cp.InstanceId, cp.State, trigger, FlowTriggerRefusal.NotAcceptedInState);
        }

        DateTimeOffset at = _timeProvider.GetUtcNow();
        FlowTransitionDefinition? transition = FlowMachine.Select(state, FlowTriggerKind.Event, trigger, cp, payload, at);
        if (transition is null)
        {
            RecordIgnored(slot, cp, FlowTriggerKind.Event, trigger, payload, at);
            return;
        }

        await BeginTransitionAsync(slot, cp, definition, transition, payload, trust, at).ConfigureAwait(false);
        await AdvanceAsync(slot, cp, definition, turn, cancellationToken).ConfigureAwait(false);
    }

    private ValueTask BeginTransitionAsync(Slot slot, FlowCheckpoint cp, FlowDefinition definition, FlowTransitionDefinition transition, JsonElement payload, TrustLevel trust, DateTimeOffset at)
    {
        int seq = cp.Seq + 1;
        if (transition.Steps.Count == 0)
        {
            FlowData data = payload.ValueKind == JsonValueKind.Undefined ? cp.Data : cp.Data.With(FlowData.Events, transition.Trigger, payload);
            return CompleteTransitionAsync(slot, cp, definition, seq, transition.Kind, transition.Trigger, transition.Ordinal, at, transition.Target, refused: false, data, payload, trust);
        }

        var pending = new FlowPending { Seq = seq, Kind = transition.Kind, Trigger = transition.Trigger, Ordinal = transition.Ordinal, Payload = payload, At = at };
        RecordAccepted(slot, cp, pending, trust);
        return ValueTask.CompletedTask;
    }

    private ValueTask CompletePendingAsync(Slot slot, FlowCheckpoint cp, FlowDefinition definition, string target, bool refused)
    {
        FlowPending pending = cp.Pending!;
        return CompleteTransitionAsync(slot, cp, definition, pending.Seq, pending.Kind, pending.Trigger, pending.Ordinal, pending.At, target, refused, cp.Data, payload: null, trust: null);
    }

    private async ValueTask CompleteTransitionAsync(
        Slot slot,
        FlowCheckpoint cp,
        FlowDefinition definition,
        int seq,
        FlowTriggerKind kind,
        string trigger,
        int ordinal,
        DateTimeOffset at,
        string target,
        bool refused,
        FlowData data,
        JsonElement? payload,
        TrustLevel? trust)
    {
        FlowStateDefinition state = definition.GetState(target);
        FlowStatus status = state.IsTerminal ? FlowStatus.Completed : FlowStatus.Active;
        IReadOnlyList<FlowTimer> timers = FlowMachine.HasTimers(state)
            ? FlowMachine.Timers(state, new FlowContext(cp.InstanceId, cp.FlowName, cp.FlowVersion, target, trigger, data, payload ?? default, at))
            : [];
        RecordTransition(slot, cp, new FlowTransitionRecord(seq, kind, trigger, ordinal, target, status, refused, at, timers, data) { Payload = payload, Trust = trust });
        _telemetry.FlowTransitions.Add(1, new KeyValuePair<string, object?>("operatoros.flow", cp.FlowName), new KeyValuePair<string, object?>("operatoros.flow.status", status == FlowStatus.Completed ? "Completed" : "Active"));
        ScheduleTimers(cp);
        if (status == FlowStatus.Completed)
        {
            // The index says completed only once the final transition is durable.
            await FlushAsync(slot, cp).ConfigureAwait(false);
            await _index.CompleteAsync(cp.InstanceId, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Drives an instance as far as it goes without outside input: the transition under way, then automatic transitions.</summary>
    private async ValueTask AdvanceAsync(Slot slot, FlowCheckpoint cp, FlowDefinition definition, FlowTurn? turn, CancellationToken cancellationToken)
    {
        int automatic = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (cp.Pending is not null)
            {
                await RunStepsAsync(slot, cp, definition, turn, cancellationToken).ConfigureAwait(false);
                if (cp.Pending is not null)
                {
                    return;
                }

                continue;
            }

            if (cp.Status != FlowStatus.Active)
            {
                return;
            }

            DateTimeOffset at = _timeProvider.GetUtcNow();
            FlowStateDefinition state = definition.GetState(cp.State);
            FlowTransitionDefinition? transition = FlowMachine.Select(state, FlowTriggerKind.Always, FlowStateBuilder.AlwaysTrigger, cp, default, at);
            if (transition is null)
            {
                return;
            }

            if (++automatic > _options.MaxAutomaticTransitions)
            {
                RecordFailed(slot, cp, null, $"more than {_options.MaxAutomaticTransitions} automatic transitions in a row from '{cp.State}': the definition loops.", retryable: false);
                return;
            }

            await BeginTransitionAsync(slot, cp, definition, transition, default, TrustLevel.Internal, at).ConfigureAwait(false);
        }
    }

    private async Task FireTimerAsync(string instanceId, string name)
    {
        try
        {
            _ = await WithInstanceAsync(
                instanceId,
                async (slot, cp) =>
                {
                    if (name == RetryTimer)
                    {
                        if (cp.Status == FlowStatus.Running && cp.Pending is not null)
                        {
                            slot.NeedsCheck = true;
                            await AdvanceAsync(slot, cp, _registry.Get(cp.FlowName, cp.FlowVersion), null, CancellationToken.None).ConfigureAwait(false);
                        }
                    }
                    else
                    {
                        await FireDueTimersAsync(slot, cp, null, CancellationToken.None).ConfigureAwait(false);
                    }
                },
                CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperatorOsException or InvalidOperationException)
        {
            // The instance keeps its place (its checkpoint says the timer is due); a resume or the next start fires it again.
        }
    }

    private async ValueTask FireDueTimersAsync(Slot slot, FlowCheckpoint cp, FlowTurn? turn, CancellationToken cancellationToken)
    {
        FlowDefinition definition = _registry.Get(cp.FlowName, cp.FlowVersion);
        while (cp.Status == FlowStatus.Active && cp.Pending is null)
        {
            DateTimeOffset now = _timeProvider.GetUtcNow();
            FlowTimer? due = null;
            foreach (FlowTimer timer in cp.Timers)
            {
                if (timer.Due <= now && (due is null || timer.Due < due.Value.Due))
                {
                    due = timer;
                }
            }

            if (due is not { } fired)
            {
                return;
            }

            FlowTransitionDefinition? transition = FlowMachine.Select(definition.GetState(cp.State), FlowTriggerKind.Timer, fired.Name, cp, default, now);
            if (transition is null)
            {
                RecordIgnored(slot, cp, FlowTriggerKind.Timer, fired.Name, default, now);
                continue;
            }

            await BeginTransitionAsync(slot, cp, definition, transition, default, TrustLevel.Internal, now).ConfigureAwait(false);
            await AdvanceAsync(slot, cp, definition, turn, cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask ResumeCoreAsync(Slot slot, FlowCheckpoint cp, bool retryFailed, CancellationToken cancellationToken)
    {
        if (cp.Status == FlowStatus.Completed || (cp.Status == FlowStatus.Failed && !retryFailed))
        {
            return;
        }

        if (!retryFailed && cp is { Status: FlowStatus.Running, Error: not null, RetryAt: { } retryAt } && retryAt > _timeProvider.GetUtcNow())
        {
            // A transient failure still inside its retry delay: the restart waits out the rest of it, as the process that recorded it would have.
            _timers.Schedule(cp.InstanceId, RetryTimer, retryAt);
            return;
        }

        FlowDefinition definition = _registry.Get(cp.FlowName, cp.FlowVersion);
        slot.NeedsCheck = cp.Pending is not null;
        await AdvanceAsync(slot, cp, definition, null, cancellationToken).ConfigureAwait(false);
        await FireDueTimersAsync(slot, cp, null, cancellationToken).ConfigureAwait(false);
    }
}
