using System.Text;

namespace OperatorOs;

/// <summary>Continues a checkpointed agent run once every approval it waits on is decided, telling the model what the operator decided.</summary>
internal sealed class AgentRunResumer
{
    private readonly AgentRunCheckpoints _checkpoints;
    private readonly ApprovalStore _approvals;
    private readonly AgentRegistry _agents;
    private readonly AgentRuntime _runtime;
    private readonly KernelJournal _journal;
    private readonly DeferredIntents _deferred;
    private readonly AgentOutputs _outputs;

    public AgentRunResumer(
        AgentRunCheckpoints checkpoints, ApprovalStore approvals, AgentRegistry agents, AgentRuntime runtime, KernelJournal journal, DeferredIntents deferred, AgentOutputs outputs)
    {
        _outputs = outputs;
        _checkpoints = checkpoints;
        _approvals = approvals;
        _agents = agents;
        _runtime = runtime;
        _journal = journal;
        _deferred = deferred;
    }

    public Task<IReadOnlyList<string>> ListWaitingAsync(CancellationToken cancellationToken) => _checkpoints.ListWaitingAsync(cancellationToken);

    /// <summary>Gets the intent ids of runs that began to wait, as they do; their approvals may already be decided.</summary>
    public System.Threading.Channels.ChannelReader<string> Released => _checkpoints.Released;

    /// <summary>Resumes the run of an intent if it waits and all its approvals are decided; returns what the resumed run did, or <see langword="null"/>.</summary>
    public async Task<AgentRun?> TryResumeAsync(string intentId, CancellationToken cancellationToken)
    {
        if (await _checkpoints.PeekAsync(intentId, cancellationToken).ConfigureAwait(false) is not { } peeked)
        {
            return null;
        }

        (AgentRunCheckpoint checkpoint, int indexVersion) = peeked;
        var decided = new List<(PendingToolCall Call, ApprovalRequest Request)>(checkpoint.Pending.Count);
        foreach (PendingToolCall pending in checkpoint.Pending)
        {
            ApprovalRequest? request = await _approvals.GetAsync(pending.ApprovalId, cancellationToken).ConfigureAwait(false);
            if (request is null || request.Status == ApprovalStatus.Pending || (request.Status == ApprovalStatus.Approved && request.Outcome is null))
            {
                // Still waiting on the operator, or approved but not yet executed: the outcome belongs in the update.
                return null;
            }

            decided.Add((pending, request));
        }

        // The claim is a lease, not a final mark: should this host die during the resumed run, the run is resumable again once it runs out.
        if (_agents.Find(checkpoint.Agent) is not { } role ||
            await _checkpoints.TryClaimAsync(intentId, indexVersion, checkpoint.Agent, cancellationToken).ConfigureAwait(false) is not { } claim)
        {
            return null;
        }

        await _journal.AgentResumedAsync(checkpoint.Intent, role.Name, decided.Count, cancellationToken).ConfigureAwait(false);
        AgentRun run = await _runtime.ResumeAsync(role, checkpoint, claim, Describe(decided), cancellationToken).ConfigureAwait(false);
        await _journal.AgentCompletedAsync(checkpoint.Intent, role.Name, run.ModelId, run.Response, run.Proposals.Count, cancellationToken).ConfigureAwait(false);

        if (run.ModelId is not null)
        {
            // The reply that finishes the work is kept like a first run's, with the provenance of what the run read.
            await _outputs.RecordAsync(checkpoint.Intent, role.Name, run, cancellationToken).ConfigureAwait(false);
        }

        if (run.DeferredReason is { } reason)
        {
            await _deferred.DeferAsync(checkpoint.Intent, role.Name, reason, cancellationToken).ConfigureAwait(false);
        }

        return run;
    }

    private static string Describe(List<(PendingToolCall Call, ApprovalRequest Request)> decided)
    {
        if (decided.Count == 0)
        {
            // A run checkpointed mid-way whose host stopped: nothing was pending, it simply continues.
            return "The run was interrupted and continues here. Check what is already done above; do not repeat actions that are done.";
        }

        var text = new StringBuilder("Update from the operator on the actions that were pending:\n");
        foreach ((PendingToolCall call, ApprovalRequest request) in decided)
        {
            text.Append("- ").Append(call.Capability).Append(" (call ").Append(call.CallId).Append("): ");
            text.Append(request switch
            {
                { Status: ApprovalStatus.Approved, Outcome: { } outcome } =>
                    $"approved{(request.CorrectedArguments is null ? string.Empty : " with corrected arguments")} and done: {outcome.Summary}",
                { Status: ApprovalStatus.Rejected } => $"rejected ({request.DecisionReason ?? "no reason given"}). It was not done.",
                _ => $"{request.Status.ToString().ToLowerInvariant()}. It was not done.",
            });
            text.Append('\n');
        }

        text.Append("Continue from here; do not repeat actions that are done.");
        return text.ToString();
    }
}
