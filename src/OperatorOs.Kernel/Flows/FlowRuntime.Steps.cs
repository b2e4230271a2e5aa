using System.Text.Json;

namespace OperatorOs;

/// <content>Running a transition's steps through the kernel: governance, approvals, refusals and failures.</content>
internal sealed partial class FlowRuntime
{
    private async Task RunStepsAsync(Slot slot, FlowCheckpoint cp, FlowDefinition definition, FlowTurn? turn, CancellationToken cancellationToken)
    {
        FlowTransitionDefinition transition = definition.GetState(cp.State).Transitions[cp.Pending!.Ordinal];
        bool check = slot.NeedsCheck;
        slot.NeedsCheck = false;
        while (true)
        {
            if (cp.Pending is not { } pending)
            {
                return;
            }

            if (pending.Refused)
            {
                await FinishRefusalAsync(slot, cp, definition, transition, pending.Step ?? "?", "refused").ConfigureAwait(false);
                return;
            }

            if (pending.NextStep >= transition.Steps.Count)
            {
                await CompletePendingAsync(slot, cp, definition, transition.Target, refused: false).ConfigureAwait(false);
                return;
            }

            if (!check && (cp.Status != FlowStatus.Running || cp.Error is not null))
            {
                // Waiting for an approval, or failed (a transient failure waits for its retry): only a decision, the retry
                // or a resume moves it on, and each of those first checks whether the step already happened.
                return;
            }

            cancellationToken.ThrowIfCancellationRequested();
            FlowStepDefinition step = transition.Steps[pending.NextStep];
            JsonElement arguments;
            try
            {
                arguments = FlowMachine.Arguments(definition, cp.State, step, FlowMachine.Context(cp, pending.Trigger, pending.Payload, pending.At));
            }
            catch (FlowDefinitionException ex)
            {
                await FailAsync(slot, cp, step.Name, ex.Message, retryable: false).ConfigureAwait(false);
                return;
            }

            ActionProposal proposal = FlowMachine.Proposal(cp, definition, step, arguments);
            string approvalId = ApprovalIds.ForToken(proposal.OperationToken);
            if (check)
            {
                check = false;
                if (await CheckDoneAsync(slot, cp, definition, transition, step, proposal, approvalId, cancellationToken).ConfigureAwait(false))
                {
                    continue;
                }
            }

            ProposalResult result;
            try
            {
                result = await _governor.GovernAsync(proposal, approvalId, throwOnFailure: true, cancellationToken).ConfigureAwait(false);
            }
            catch (ConnectorException ex)
            {
                await FailAsync(slot, cp, step.Name, ex.Message, ex.IsTransient).ConfigureAwait(false);
                return;
            }
            catch (OperatorOsException ex)
            {
                await FailAsync(slot, cp, step.Name, ex.Message, retryable: false).ConfigureAwait(false);
                return;
            }

            turn?.Proposals.Add(result);
            switch (result.Status)
            {
                case ProposalStatus.Executed:
                    await RecordAsync(slot, cp, FlowEventTypes.StepCompleted, FlowHistory.StepCompleted(cp, step.Name, proposal, result.Outcome!, null, null, _timeProvider.GetUtcNow())).ConfigureAwait(false);
                    break;

                case ProposalStatus.PendingApproval:
                    await RecordAsync(slot, cp, FlowEventTypes.StepAwaitingApproval, FlowHistory.StepAwaitingApproval(cp, step.Name, proposal, result.ApprovalId!, _timeProvider.GetUtcNow())).ConfigureAwait(false);
                    return;

                case ProposalStatus.Denied:
                case ProposalStatus.Shadowed:
                    string outcome = result.Status == ProposalStatus.Denied ? "denied" : "shadowed";
                    await RefuseAsync(slot, cp, definition, transition, step.Name, outcome, result.Error ?? result.Evaluation?.Decision.Reason).ConfigureAwait(false);
                    return;

                default:
                    await FailAsync(slot, cp, step.Name, result.Error ?? $"the step's proposal was {result.Status}.", retryable: false).ConfigureAwait(false);
                    return;
            }
        }
    }

    /// <summary>After a crash, a failure or a decision: asks the step's connector whether the token's operation happened, then the approval store whether a request exists.</summary>
    /// <returns><see langword="true"/> when the step's fate was settled (completed, waiting, or refused) without proposing it again.</returns>
    private async Task<bool> CheckDoneAsync(
        Slot slot, FlowCheckpoint cp, FlowDefinition definition, FlowTransitionDefinition transition, FlowStepDefinition step, ActionProposal proposal, string approvalId, CancellationToken cancellationToken)
    {
        if (_catalog.TryGet(step.Capability, out ConnectorCatalog.Entry entry))
        {
            OperationStatus status;
            try
            {
                status = await entry.Connector.GetStatusAsync(proposal.OperationToken, cancellationToken).ConfigureAwait(false);
            }
            catch (ConnectorException ex)
            {
                await FailAsync(slot, cp, step.Name, ex.Message, ex.IsTransient).ConfigureAwait(false);
                return true;
            }

            if (status is { State: OperationState.Completed, Result: { } recorded })
            {
                await RecordAsync(slot, cp, FlowEventTypes.StepCompleted, FlowHistory.StepCompleted(cp, step.Name, proposal, recorded, null, null, _timeProvider.GetUtcNow())).ConfigureAwait(false);
                return true;
            }
        }

        ApprovalRequest? request = await _approvals.GetAsync(approvalId, cancellationToken).ConfigureAwait(false);
        if (request is null)
        {
            return false;
        }

        await ApplyApprovalAsync(slot, cp, definition, transition, step, proposal, request, cancellationToken).ConfigureAwait(false);
        return true;
    }

    private async Task ApplyApprovalAsync(
        Slot slot, FlowCheckpoint cp, FlowDefinition definition, FlowTransitionDefinition transition, FlowStepDefinition step, ActionProposal proposal, ApprovalRequest request, CancellationToken cancellationToken)
    {
        DateTimeOffset now = _timeProvider.GetUtcNow();
        switch (request.Status)
        {
            case ApprovalStatus.Pending:
                if (cp.Pending!.ApprovalId != request.Id)
                {
                    await RecordAsync(slot, cp, FlowEventTypes.StepAwaitingApproval, FlowHistory.StepAwaitingApproval(cp, step.Name, proposal, request.Id, now)).ConfigureAwait(false);
                }

                return;

            case ApprovalStatus.Approved:
                OperationResult outcome;
                try
                {
                    // Approved in another process, or before a crash: the executor asks the connector first, so nothing repeats.
                    outcome = request.Outcome ?? await _executor.ExecuteAsync(request.EffectiveProposal, request.Id, cancellationToken).ConfigureAwait(false);
                }
                catch (ConnectorException ex)
                {
                    await FailAsync(slot, cp, step.Name, ex.Message, ex.IsTransient).ConfigureAwait(false);
                    return;
                }

                await RecordAsync(slot, cp, FlowEventTypes.StepCompleted, FlowHistory.StepCompleted(cp, step.Name, proposal, outcome, request.Id, request.CorrectedArguments, now)).ConfigureAwait(false);
                return;

            default:
                string verdict = request.Status == ApprovalStatus.Rejected ? "rejected" : "expired";
                await RefuseAsync(slot, cp, definition, transition, step.Name, verdict, request.DecisionReason).ConfigureAwait(false);
                return;
        }
    }

    private async Task RefuseAsync(Slot slot, FlowCheckpoint cp, FlowDefinition definition, FlowTransitionDefinition transition, string step, string outcome, string? reason)
    {
        await RecordAsync(slot, cp, FlowEventTypes.StepRefused, FlowHistory.StepRefused(cp, step, outcome, reason, _timeProvider.GetUtcNow())).ConfigureAwait(false);
        await FinishRefusalAsync(slot, cp, definition, transition, step, outcome).ConfigureAwait(false);
    }

    private async Task FinishRefusalAsync(Slot slot, FlowCheckpoint cp, FlowDefinition definition, FlowTransitionDefinition transition, string step, string outcome)
    {
        if (transition.RefusedTarget is { } target)
        {
            await CompletePendingAsync(slot, cp, definition, target, refused: true).ConfigureAwait(false);
        }
        else if (cp.Status != FlowStatus.Failed)
        {
            await FailAsync(slot, cp, step, $"the step '{step}' was {outcome} and the transition declares no OnRefused state.", retryable: false).ConfigureAwait(false);
        }
    }

    private async Task FailAsync(Slot slot, FlowCheckpoint cp, string? step, string error, bool retryable)
    {
        DateTimeOffset now = _timeProvider.GetUtcNow();
        await RecordAsync(slot, cp, FlowEventTypes.Failed, FlowHistory.Failed(cp, step, error, retryable, now)).ConfigureAwait(false);
        if (retryable)
        {
            _timers.Schedule(cp.InstanceId, RetryTimer, now + _options.StepRetryDelay);
        }
    }
}
