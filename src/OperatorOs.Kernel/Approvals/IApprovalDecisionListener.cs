namespace OperatorOs;

/// <summary>Is told by the approval queue when a request was decided and, if approved, executed; the flow runtime resumes the instance that waits for it.</summary>
internal interface IApprovalDecisionListener
{
    /// <summary>Handles a decided request: approved with its outcome, rejected, or expired. Must not throw for the instance's own failures.</summary>
    Task OnDecidedAsync(ApprovalRequest request, CancellationToken cancellationToken);
}
