namespace OperatorOs;

/// <summary>Specifies what became of a proposal.</summary>
public enum ProposalStatus
{
    /// <summary>Policy allowed it and the executor performed it.</summary>
    Executed = 0,

    /// <summary>It waits in the approval queue.</summary>
    PendingApproval = 1,

    /// <summary>Policy denied it; nothing was done.</summary>
    Denied = 2,

    /// <summary>Shadow mode recorded it without doing it.</summary>
    Shadowed = 3,

    /// <summary>It was refused before policy because it was malformed; nothing was done.</summary>
    Invalid = 4,

    /// <summary>The executor tried and the operation failed.</summary>
    Failed = 5,
}
