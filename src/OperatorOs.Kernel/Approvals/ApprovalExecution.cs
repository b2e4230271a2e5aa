namespace OperatorOs;

/// <summary>Executes an approved request's action through the executor and stores the outcome on the request.</summary>
/// <remarks>
/// Safe to repeat: the executor asks the connector for the operation token's status before acting, and the outcome is stored
/// with a compare-and-swap on the Approved status, so a second run (another process, a restart) adds no effect.
/// </remarks>
internal sealed class ApprovalExecution
{
    private readonly ApprovalStore _store;
    private readonly ActionExecutor _executor;
    private readonly IApprovalDecisionListener[] _listeners;

    public ApprovalExecution(ApprovalStore store, ActionExecutor executor, IEnumerable<IApprovalDecisionListener> listeners)
    {
        _listeners = [.. listeners];
        _store = store;
        _executor = executor;
    }

    public async Task<ApprovalRequest> ExecuteAsync(ApprovalRequest approved, CancellationToken cancellationToken)
    {
        OperationResult outcome = await _executor.ExecuteAsync(approved.EffectiveProposal, approved.Id, cancellationToken).ConfigureAwait(false);
        ApprovalRequest completed = approved with { Outcome = outcome };

        // The effect happened: record it even if the caller is cancelling now (a host stopping), as the executor does.
        _ = await _store.TryUpdateAsync(completed, ApprovalStatus.Approved, CancellationToken.None).ConfigureAwait(false);

        // A flow waiting for this request resumes now, with the outcome, before the operator's call returns.
        await ApprovalDecisions.NotifyListenersAsync(_listeners, completed, cancellationToken).ConfigureAwait(false);
        return completed;
    }
}
