namespace OperatorOs;

/// <summary>The exception that is thrown when a decision conflicts with the state an approval request is already in.</summary>
public sealed class ApprovalStateException : OperatorOsException
{
    /// <summary>Initializes a new instance of the <see cref="ApprovalStateException"/> class.</summary>
    /// <param name="approvalId">The approval id.</param>
    /// <param name="status">The state the request is in.</param>
    /// <param name="attempted">The decision that was attempted.</param>
    public ApprovalStateException(string approvalId, ApprovalStatus status, ApprovalStatus attempted)
        : base($"Approval '{approvalId}' is already {status}; it cannot be {attempted}.")
    {
        ApprovalId = approvalId;
        Status = status;
        Attempted = attempted;
    }

    /// <summary>Gets the approval id.</summary>
    public string ApprovalId { get; }

    /// <summary>Gets the state the request is in.</summary>
    public ApprovalStatus Status { get; }

    /// <summary>Gets the decision that was attempted.</summary>
    public ApprovalStatus Attempted { get; }
}
