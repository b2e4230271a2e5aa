using System.Text.Json;

namespace OperatorOs;

/// <content>Running a transition's steps through the kernel: governance, approvals, refusals and failures.</content>
internal sealed partial class FlowRuntime
{
    private async ValueTask RunStepsAsync(Slot slot, FlowCheckpoint cp, FlowDefinition definition, FlowTurn? turn, CancellationToken cancellationToken)
    {
        FlowTransitionDefinition transition = definition.GetState(cp.State).Transitions[cp.Pending!.Ordinal];
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

            if (!slot.NeedsCheck && (cp.Status != FlowStatus.Running || cp.Error is not null))
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
                RecordFailed(slot, cp, step.Name, ex.Message, retryable: false);
                slot.NeedsCheck = false;
                return;
            }

            ActionProposal proposal = FlowMachine.Proposal(cp, definition, step, arguments, RationaleOf(definition, cp, step));
            bool mayHaveRun = slot.NeedsCheck;
            if (mayHaveRun)
            {
                if (await CheckDoneAsync(slot, cp, definition, transition, step, proposal, cancellationToken).ConfigureAwait(false))
                {
                    slot.NeedsCheck = false;
                    continue;
                }
            }

            // Arguments and policy first, journaling nothing yet: a step policy lets run is journaled by its own records.
            ProposalDecision decided = await _governor.DecideAsync(proposal, cancellationToken).ConfigureAwait(false);
            if (decided.Evaluation is { Decision.Verdict: PolicyVerdict.Execute } evaluation)
            {
                if (!await ExecuteStepAsync(slot, cp, step, proposal, evaluation, mayHaveRun, turn, cancellationToken).ConfigureAwait(false))
                {
                    return;
                }

                continue;
            }

            // Invalid, or the operator decides, or refused: the kernel's usual proposal events, after the records that led here.
            await FlushAsync(slot, cp).ConfigureAwait(false);
            slot.NeedsCheck = false;
            ProposalResult result;
            try
            {
                result = await _governor.GovernAsync(proposal, decided, ApprovalIds.ForToken(proposal.OperationToken), throwOnFailure: true, cancellationToken).ConfigureAwait(false);
            }
            catch (ConnectorException ex)
            {
                RecordFailed(slot, cp, step.Name, ex.Message, ex.IsTransient, ex.RetryAfter);
                return;
            }
            catch (OperatorOsException ex)
            {
                RecordFailed(slot, cp, step.Name, ex.Message, retryable: false);
                return;
            }

            turn?.Proposals.Add(result);
            switch (result.Status)
            {
                case ProposalStatus.Executed:
                    RecordStepSettled(slot, cp, step, proposal, result.Outcome!, null, null);
                    break;

                case ProposalStatus.PendingApproval:
                    RecordStepAwaitingApproval(slot, cp, step, proposal, result.ApprovalId!);
                    return;

                case ProposalStatus.Denied:
                case ProposalStatus.Shadowed:
                    string outcome = result.Status == ProposalStatus.Denied ? "denied" : "shadowed";
                    await RefuseAsync(slot, cp, definition, transition, step.Name, outcome, result.Error ?? result.Evaluation?.Decision.Reason).ConfigureAwait(false);
                    return;

                default:
                    RecordFailed(slot, cp, step.Name, result.Error ?? $"the step's proposal was {result.Status}.", retryable: false);
                    return;
            }
        }
    }

    /// <summary>Runs a step policy let run at once: its proposal and decision are journaled (with the records before them) before the
    /// effect, its outcome with whatever comes next.</summary>
    /// <remarks><c>mayHaveRun</c> says whether the token may have been presented before (the step was checked with the connector just now):
    /// the executor then asks again before its first attempt. Otherwise the token was never presented (see <see cref="Slot.NeedsCheck"/>)
    /// and the first attempt goes straight to the connector; retries always ask first.</remarks>
    /// <returns><see langword="true"/> when the step completed and the transition goes on.</returns>
    private async ValueTask<bool> ExecuteStepAsync(
        Slot slot, FlowCheckpoint cp, FlowStepDefinition step, ActionProposal proposal, PolicyEvaluation evaluation, bool mayHaveRun, FlowTurn? turn, CancellationToken cancellationToken)
    {
        RecordStepStarted(slot, cp, step, proposal, evaluation);
        await FlushAsync(slot, cp).ConfigureAwait(false);

        // From here until its outcome is recorded the token counts as presented: if this call ends half-way, the next run asks first.
        slot.NeedsCheck = true;
        OperationResult outcome;
        try
        {
            outcome = await _executor.ExecuteFlowStepAsync(proposal, firstPresentation: !mayHaveRun, cancellationToken).ConfigureAwait(false);
        }
        catch (ConnectorException ex)
        {
            RecordFailed(slot, cp, step.Name, ex.Message, ex.IsTransient, ex.RetryAfter);
            return false;
        }
        catch (OperatorOsException ex)
        {
            RecordFailed(slot, cp, step.Name, ex.Message, retryable: false);
            return false;
        }

        RecordStepCompleted(slot, cp, step, proposal, outcome);
        slot.NeedsCheck = false;
        turn?.Proposals.Add(new ProposalResult(proposal, ProposalStatus.Executed, evaluation) { Outcome = outcome });
        return true;
    }

    /// <summary>After a crash, a failure or a decision: asks the step's connector whether the token's operation happened, then the approval store whether a request exists.</summary>
    /// <returns><see langword="true"/> when the step's fate was settled (completed, waiting, or refused) without proposing it again.</returns>
    private async ValueTask<bool> CheckDoneAsync(
        Slot slot, FlowCheckpoint cp, FlowDefinition definition, FlowTransitionDefinition transition, FlowStepDefinition step, ActionProposal proposal, CancellationToken cancellationToken)
    {
        if (_catalog.TryGet(step.Capability, out ConnectorCatalog.Entry entry))
        {
            OperationStatus status;
            try
            {
                status = await _executor.GetStatusAsync(entry, step.Capability, proposal.OperationToken, cancellationToken).ConfigureAwait(false);
            }
            catch (ConnectorException ex)
            {
                RecordFailed(slot, cp, step.Name, ex.Message, ex.IsTransient, ex.RetryAfter);
                return true;
            }

            if (status is { State: OperationState.Completed, Result: { } recorded })
            {
                RecordStepSettled(slot, cp, step, proposal, recorded, null, null);
                return true;
            }
        }

        ApprovalRequest? request = await _approvals.GetAsync(ApprovalIds.ForToken(proposal.OperationToken), cancellationToken).ConfigureAwait(false);
        if (request is null)
        {
            return false;
        }

        await ApplyApprovalAsync(slot, cp, definition, transition, step, proposal, request, cancellationToken).ConfigureAwait(false);
        return true;
    }

    private async ValueTask ApplyApprovalAsync(
        Slot slot, FlowCheckpoint cp, FlowDefinition definition, FlowTransitionDefinition transition, FlowStepDefinition step, ActionProposal proposal, ApprovalRequest request, CancellationToken cancellationToken)
    {
        switch (request.Status)
        {
            case ApprovalStatus.Pending:
                if (cp.Pending!.ApprovalId != request.Id)
                {
                    RecordStepAwaitingApproval(slot, cp, step, proposal, request.Id);
                }

                return;

            case ApprovalStatus.Approved:
                OperationResult outcome;
                if (request.Outcome is { } done)
                {
                    outcome = done;
                }
                else
                {
                    // Approved in another process, or before a crash: the executor asks the connector first, so nothing repeats.
                    await FlushAsync(slot, cp).ConfigureAwait(false);
                    try
                    {
                        outcome = await _executor.ExecuteAsync(request.EffectiveProposal, request.Id, cancellationToken).ConfigureAwait(false);
                    }
                    catch (ConnectorException ex)
                    {
                        RecordFailed(slot, cp, step.Name, ex.Message, ex.IsTransient, ex.RetryAfter);
                        return;
                    }
                }

                RecordStepSettled(slot, cp, step, proposal, outcome, request.Id, request.CorrectedArguments);
                return;

            default:
                string verdict = request.Status == ApprovalStatus.Rejected ? "rejected" : "expired";
                await RefuseAsync(slot, cp, definition, transition, step.Name, verdict, request.DecisionReason).ConfigureAwait(false);
                return;
        }
    }

    private ValueTask RefuseAsync(Slot slot, FlowCheckpoint cp, FlowDefinition definition, FlowTransitionDefinition transition, string step, string outcome, string? reason)
    {
        RecordStepRefused(slot, cp, step, outcome, reason);
        return FinishRefusalAsync(slot, cp, definition, transition, step, outcome);
    }

    private ValueTask FinishRefusalAsync(Slot slot, FlowCheckpoint cp, FlowDefinition definition, FlowTransitionDefinition transition, string step, string outcome)
    {
        if (transition.RefusedTarget is { } target)
        {
            return CompletePendingAsync(slot, cp, definition, target, refused: true);
        }

        if (cp.Status != FlowStatus.Failed)
        {
            RecordFailed(slot, cp, step, $"the step '{step}' was {outcome} and the transition declares no OnRefused state.", retryable: false);
        }

        return ValueTask.CompletedTask;
    }
}
