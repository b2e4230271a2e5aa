using System.Text.Json;

namespace OperatorOs;

/// <content>Recovery at start, approval decisions, and intents routed to flows.</content>
internal sealed partial class FlowRuntime
{
    /// <summary>Loads every unfinished instance and resumes it: interrupted steps (after a status check), decided approvals, automatic transitions and due timers; failed instances wait for <see cref="ResumeAsync"/>.</summary>
    /// <returns>How many instances were resumed.</returns>
    /// <remarks>An instance that cannot be resumed (its version is no longer registered, its stream is unreadable) is skipped and
    /// keeps its place; the others are resumed regardless. The reasons are in <see cref="RecoveryProblems"/>.</remarks>
    public async Task<int> RecoverAsync(CancellationToken cancellationToken)
    {
        await _index.EnsureLoadedAsync(cancellationToken).ConfigureAwait(false);
        List<string> unfinished = [.. _index.Entries().Where(e => !e.Completed).Select(e => e.InstanceId)];
        int resumed = 0;
        await Parallel.ForEachAsync(
            unfinished,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.RecoveryConcurrency), CancellationToken = cancellationToken },
            async (id, ct) =>
            {
                try
                {
                    await WithInstanceAsync(id, (slot, cp) => ResumeCoreAsync(slot, cp, retryFailed: false, ct), ct).ConfigureAwait(false);
                    Interlocked.Increment(ref resumed);
                }
                catch (OperatorOsException ex)
                {
                    _recoveryProblems[id] = ex.Message;
                }
            }).ConfigureAwait(false);
        return resumed;
    }

    /// <summary>Gets, by instance id, why recovery could not resume an instance.</summary>
    public IReadOnlyDictionary<string, string> RecoveryProblems => _recoveryProblems;

    /// <summary>Lists the approvals loaded instances wait for, so a poller can notice decisions taken in another process.</summary>
    public IReadOnlyList<(string InstanceId, string ApprovalId)> AwaitedApprovals()
    {
        var awaited = new List<(string, string)>();
        foreach (KeyValuePair<string, Slot> pair in _slots)
        {
            if (pair.Value.Snapshot is { Status: FlowStatus.AwaitingApproval, ApprovalId: { } approvalId })
            {
                awaited.Add((pair.Key, approvalId));
            }
        }

        return awaited;
    }

    public async Task OnDecidedAsync(ApprovalRequest request, CancellationToken cancellationToken)
    {
        if (request.Proposal.ProposerKind != ActorKind.Flow || InstanceOf(request.Proposal) is not { } instanceId || !_slots.ContainsKey(instanceId))
        {
            return;
        }

        try
        {
            _ = await WithInstanceAsync(
                instanceId,
                async (slot, cp) =>
                {
                    if (cp.Pending?.ApprovalId != request.Id)
                    {
                        return;
                    }

                    FlowDefinition definition = _registry.Get(cp.FlowName, cp.FlowVersion);
                    FlowTransitionDefinition transition = definition.GetState(cp.State).Transitions[cp.Pending.Ordinal];
                    FlowStepDefinition step = transition.Steps[cp.Pending.NextStep];
                    await ApplyApprovalAsync(slot, cp, definition, transition, step, request.Proposal, request, cancellationToken).ConfigureAwait(false);
                    await AdvanceAsync(slot, cp, definition, null, cancellationToken).ConfigureAwait(false);
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperatorOsException or InvalidOperationException)
        {
            // The operator's decision stands; the instance keeps its place and a resume (or the next start) continues it.
        }
    }

    /// <summary>Handles an intent routed to a flow; see the kernel README for the mapping.</summary>
    public async Task<(FlowInstance Instance, IReadOnlyList<ProposalResult> Proposals)> HandleIntentAsync(Intent intent, string flowName, CancellationToken cancellationToken)
    {
        FlowDefinition definition = _registry.Latest(flowName);
        string key = definition.IntentCorrelation?.Invoke(intent) ?? intent.CorrelationId;
        await _index.EnsureLoadedAsync(cancellationToken).ConfigureAwait(false);
        var turn = new FlowTurn();
        FlowInstance instance;
        if (_index.FindActive(definition.Name, key) is { } existing)
        {
            instance = await WithInstanceAsync(existing, (slot, cp) => RaiseCoreAsync(slot, cp, intent.Name, intent.Payload, intent.Trust, turn, cancellationToken), cancellationToken).ConfigureAwait(false);
            return (instance, turn.Proposals);
        }

        string id = $"{definition.Name}-{intent.Id}";
        if (!FlowMachine.IsValidInstanceId(id))
        {
            id = NewInstanceId(definition);
        }

        JsonElement input = intent.Payload.ValueKind == JsonValueKind.Object ? intent.Payload : default;
        instance = await StartCoreAsync(definition, id, input, key, intent.CorrelationId, intent.Trust, turn, cancellationToken).ConfigureAwait(false);
        FlowStateDefinition initial = definition.GetState(definition.InitialState);
        if (instance.Status == FlowStatus.Active && instance.State == initial.Name && FlowMachine.Declares(initial, FlowTriggerKind.Event, intent.Name))
        {
            instance = await WithInstanceAsync(id, (slot, cp) => RaiseCoreAsync(slot, cp, intent.Name, intent.Payload, intent.Trust, turn, cancellationToken), cancellationToken).ConfigureAwait(false);
        }

        return (instance, turn.Proposals);
    }

    private static string? InstanceOf(ActionProposal proposal)
    {
        foreach (string reference in proposal.InputReferences)
        {
            if (reference.StartsWith("flow/", StringComparison.Ordinal))
            {
                return reference["flow/".Length..];
            }
        }

        return null;
    }
}
