namespace OperatorOs;

/// <summary>The exception that is thrown when no approval request has the given id.</summary>
public sealed class ApprovalNotFoundException : OperatorOsException
{
    /// <summary>Initializes a new instance of the <see cref="ApprovalNotFoundException"/> class.</summary>
    /// <param name="approvalId">The id that was not found.</param>
    public ApprovalNotFoundException(string approvalId)
        : base($"No approval request has id '{approvalId}'.")
    {
        ApprovalId = approvalId;
    }

    /// <summary>Gets the id that was not found.</summary>
    public string ApprovalId { get; }
}
