using System.Text.Json;

namespace OperatorOs;

/// <content>Writing records: each is written to the instance's <see cref="FlowRecordWriter"/> and applied to its state at once, and the records go to the journal as one event before each effect and at the end of each call.</content>
internal sealed partial class FlowRuntime
{
    private FlowRecordWriter Records(Slot slot) => slot.Records ??= _writers.TryTake(out FlowRecordWriter? writer) ? writer : new FlowRecordWriter();

    /// <summary>Writes the records collected so far as one journal event, durable when this returns; nothing when there are none.</summary>
    /// <remarks>If the event cannot be written the instance is read back from the journal on its next use, since its state in memory
    /// holds records the journal does not.</remarks>
    private async ValueTask FlushAsync(Slot slot, FlowCheckpoint cp)
    {
        if (slot.Records is not { Count: > 0 } records)
        {
            return;
        }

        DateTimeOffset at = _timeProvider.GetUtcNow();
        DateTimeOffset updated = records.LastRecordTime ?? at;
        try
        {
            (string type, ReadOnlyMemory<byte> payload) = records.Build(cp, at);
            _ = await _journal.AppendWrittenAsync(cp.Stream, type, payload, cp.CorrelationId, CancellationToken.None).ConfigureAwait(false);
        }
        catch
        {
            Invalidate(slot);
            throw;
        }
        finally
        {
            records.Clear();
        }

        cp.UpdatedAt = updated;
    }

    /// <summary>Ends a call: its records are written and the instance's snapshot is the state it leaves; a completed instance leaves memory.</summary>
    private async ValueTask FinishAsync(Slot slot, FlowCheckpoint cp)
    {
        try
        {
            await FlushAsync(slot, cp).ConfigureAwait(false);
            if (slot.Loaded && ReferenceEquals(slot.Checkpoint, cp))
            {
                slot.Snapshot = cp.ToInstance();
                Release(slot, cp);
            }
        }
        finally
        {
            ReturnRecords(slot);
        }
    }

    /// <summary>Ends a call that threw: what it recorded completely is still written (each record is a fact, an effect may stand
    /// behind it); if that fails, or a record was left half-written, the instance is read back from the journal on its next use.</summary>
    private async ValueTask AbandonAsync(Slot slot)
    {
        try
        {
            if (slot.Records is { IsComplete: false })
            {
                Invalidate(slot);
            }
            else if (slot.Loaded && slot.Checkpoint is { } cp)
            {
                await FinishAsync(slot, cp).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is OperatorOsException or InvalidOperationException or IOException)
        {
            // Invalidated by FlushAsync; the caller's exception is the one to report.
        }
        finally
        {
            ReturnRecords(slot);
        }
    }

    private void ReturnRecords(Slot slot)
    {
        if (slot.Records is { } records)
        {
            slot.Records = null;
            records.Clear();
            _writers.Add(records);
        }
    }

    /// <summary>Drops a completed instance from memory: nothing changes it any more, and a later read folds it from the journal.</summary>
    /// <remarks>A call that took the slot before it was dropped finds the instance completed; a new slot for the id loads the same state.</remarks>
    private void Release(Slot slot, FlowCheckpoint cp)
    {
        if (cp.Status == FlowStatus.Completed)
        {
            _ = _slots.TryRemove(new KeyValuePair<string, Slot>(cp.InstanceId, slot));
        }
    }

    private static void Invalidate(Slot slot)
    {
        slot.Loaded = false;
        slot.Checkpoint = null;
        slot.Snapshot = null;
        slot.NeedsCheck = false;
    }

    private FlowCheckpoint RecordStart(Slot slot, FlowDefinition definition, string id, string? correlationKey, string? correlationId, JsonElement input, TrustLevel trust)
    {
        DateTimeOffset at = _timeProvider.GetUtcNow();
        FlowData data = FlowData.Initial(input);
        FlowStateDefinition initial = definition.GetState(definition.InitialState);
        IReadOnlyList<FlowTimer> timers = FlowMachine.HasTimers(initial)
            ? FlowMachine.Timers(initial, new FlowContext(id, definition.Name, definition.Version, definition.InitialState, "start", data, default, at))
            : [];
        FlowCheckpoint cp = FlowHistory.ApplyStarted(id, definition.Name, definition.Version, correlationKey, correlationId, definition.InitialState, trust, at, timers, data);
        slot.Checkpoint = cp;
        slot.Loaded = true;
        Records(slot).Started(definition, correlationKey, correlationId, data, trust, at, timers);
        ScheduleTimers(cp);
        return cp;
    }

    private void RecordAccepted(Slot slot, FlowCheckpoint cp, FlowPending pending, TrustLevel trust)
    {
        Records(slot).Accepted(cp, pending, trust);
        FlowHistory.ApplyAccepted(cp, pending, trust);
    }

    private void RecordStepStarted(Slot slot, FlowCheckpoint cp, FlowStepDefinition step, ActionProposal proposal, PolicyEvaluation evaluation)
    {
        Records(slot).StepStarted(cp, step.Name, proposal, step.Rationale, evaluation);
        FlowHistory.ApplyStepStarted(cp);
    }

    private void RecordStepCompleted(Slot slot, FlowCheckpoint cp, FlowStepDefinition step, ActionProposal proposal, OperationResult result)
    {
        Records(slot).StepCompleted(cp, step.Name, proposal, result);
        FlowHistory.ApplyStepCompleted(cp, cp.Pending!, step.Name, result.Output);
    }

    private void RecordStepSettled(Slot slot, FlowCheckpoint cp, FlowStepDefinition step, ActionProposal proposal, OperationResult result, string? approvalId, JsonElement? corrected)
    {
        Records(slot).StepSettled(cp, step.Name, proposal, result, approvalId, corrected);
        FlowHistory.ApplyStepCompleted(cp, cp.Pending!, step.Name, result.Output);
    }

    private void RecordStepAwaitingApproval(Slot slot, FlowCheckpoint cp, FlowStepDefinition step, ActionProposal proposal, string approvalId)
    {
        Records(slot).StepAwaitingApproval(cp, step.Name, proposal, approvalId);
        FlowHistory.ApplyStepAwaitingApproval(cp, cp.Pending!, step.Name, approvalId);
    }

    private void RecordStepRefused(Slot slot, FlowCheckpoint cp, string step, string outcome, string? reason)
    {
        Records(slot).StepRefused(cp, step, outcome, reason);
        FlowHistory.ApplyStepRefused(cp.Pending!, step);
    }

    private void RecordTransition(Slot slot, FlowCheckpoint cp, in FlowTransitionRecord record)
    {
        Records(slot).Transition(cp, record);
        FlowHistory.ApplyTransition(cp, record.Seq, record.Trigger, record.To, record.Status, record.Timers, record.Payload ?? default, record.Trust, record.Data);
    }

    private void RecordIgnored(Slot slot, FlowCheckpoint cp, FlowTriggerKind kind, string trigger, JsonElement payload, DateTimeOffset at)
    {
        Records(slot).Ignored(cp, kind, trigger, payload, at);
        FlowHistory.ApplyIgnored(cp, kind, trigger);
    }

    /// <summary>Records a failure; a transient one is retried after <see cref="FlowRuntimeOptions.StepRetryDelay"/>, or after
    /// <paramref name="retryAfter"/> (the failure's <see cref="ConnectorException.RetryAfter"/>) when that is longer.</summary>
    private void RecordFailed(Slot slot, FlowCheckpoint cp, string? step, string error, bool retryable, TimeSpan? retryAfter = null)
    {
        // A service that said how long to wait (or a connector whose circuit is open) is not tried again sooner, even after a
        // restart: that time is recorded. The runtime's own delay is not (a restart is a good moment to try again).
        bool asked = retryable && retryAfter is { } wait && wait > _options.StepRetryDelay;
        DateTimeOffset now = _timeProvider.GetUtcNow();
        DateTimeOffset? askedUntil = asked ? now + retryAfter!.Value : null;
        Records(slot).Failed(cp, step, error, retryable, askedUntil);
        FlowHistory.ApplyFailed(cp, step, error, retryable, askedUntil);
        if (retryable)
        {
            _timers.Schedule(cp.InstanceId, RetryTimer, askedUntil ?? now + _options.StepRetryDelay);
        }
    }
}
