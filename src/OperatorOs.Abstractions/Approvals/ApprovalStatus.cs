namespace OperatorOs;

/// <summary>Specifies where an approval request stands.</summary>
public enum ApprovalStatus
{
    /// <summary>Waiting for the operator.</summary>
    Pending = 0,

    /// <summary>Approved; the action was handed to the executor.</summary>
    Approved = 1,

    /// <summary>Rejected; nothing was executed.</summary>
    Rejected = 2,

    /// <summary>Expired before anyone decided; nothing was executed.</summary>
    Expired = 3,
}
