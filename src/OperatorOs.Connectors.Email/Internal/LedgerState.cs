namespace OperatorOs.Connectors.Email.Internal;

/// <summary>Specifies where an operation recorded in the ledger stands.</summary>
internal enum LedgerState
{
    /// <summary>An attempt began the effect and has not reported back: it may be running, or its process crashed.</summary>
    Pending = 0,

    /// <summary>An attempt ended without knowing whether the server took the message (the connection broke after the data was sent).</summary>
    InDoubt = 1,

    /// <summary>The effect happened; the result is recorded.</summary>
    Completed = 2,
}
