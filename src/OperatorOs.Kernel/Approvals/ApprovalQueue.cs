using System.Text.Json;
using OperatorOs.Shared;

namespace OperatorOs;

/// <summary>The operator's approval queue over an <see cref="ApprovalStore"/>: decisions are compare-and-swap on the stored status, so concurrent or repeated decisions execute an action at most once.</summary>
/// <remarks>Deciding is <see cref="ApprovalDecisions"/>, shared with processes that have no connectors; executing is <see cref="ApprovalExecution"/>.</remarks>
internal sealed class ApprovalQueue : IApprovalQueue
{
    private readonly ApprovalStore _store;
    private readonly ApprovalDecisions _decisions;
    private readonly ApprovalExecution _execution;
    private readonly ApprovalNotifier _notifier;

    public ApprovalQueue(ApprovalStore store, ApprovalDecisions decisions, ApprovalExecution execution, ApprovalNotifier notifier)
    {
        _store = store;
        _decisions = decisions;
        _execution = execution;
        _notifier = notifier;
    }

    public IAsyncEnumerable<ApprovalNotification> WatchAsync(CancellationToken cancellationToken = default) => _notifier.WatchAsync(cancellationToken);

    public async Task<IReadOnlyList<ApprovalRequest>> ListPendingAsync(CancellationToken cancellationToken = default)
    {
        IReadOnlyList<ApprovalRequest> pending = await _store.ListAsync(ApprovalStatus.Pending, cancellationToken).ConfigureAwait(false);
        var current = new List<ApprovalRequest>(pending.Count);
        foreach (ApprovalRequest request in pending)
        {
            ApprovalRequest latest = await _decisions.ExpireIfDueAsync(request, cancellationToken).ConfigureAwait(false);
            if (latest.Status == ApprovalStatus.Pending)
            {
                current.Add(latest);
            }
        }

        return current;
    }

    public async Task<ApprovalRequest?> GetAsync(string approvalId, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNull(approvalId);
        ApprovalRequest? request = await _store.GetAsync(approvalId, cancellationToken).ConfigureAwait(false);
        return request is null ? null : await _decisions.ExpireIfDueAsync(request, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ApprovalRequest> ApproveAsync(string approvalId, string decidedBy, JsonElement? correctedArguments = null, CancellationToken cancellationToken = default)
    {
        ApprovalRequest approved = await _decisions.ApproveAsync(approvalId, decidedBy, correctedArguments, requireConnector: true, cancellationToken).ConfigureAwait(false);

        // Idempotent: a known outcome is returned, otherwise the action is executed, or an interrupted execution finished
        // (the executor asks the connector first).
        return approved.Outcome is null ? await _execution.ExecuteAsync(approved, cancellationToken).ConfigureAwait(false) : approved;
    }

    public Task<ApprovalRequest> RejectAsync(string approvalId, string decidedBy, string reason, CancellationToken cancellationToken = default) =>
        _decisions.RejectAsync(approvalId, decidedBy, reason, cancellationToken);
}
