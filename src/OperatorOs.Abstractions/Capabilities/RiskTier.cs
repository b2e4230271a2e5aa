namespace OperatorOs;

/// <summary>Specifies how much harm a capability can do; policies decide per tier by default.</summary>
/// <remarks>Values are ordered from least to most risky.</remarks>
public enum RiskTier
{
    /// <summary>Reads state and changes nothing.</summary>
    Read = 0,

    /// <summary>Changes state inside the business only (notes, documents, memory).</summary>
    Internal = 1,

    /// <summary>Is visible outside the business (sends an email, calls a third-party API).</summary>
    External = 2,

    /// <summary>Moves money (charges, refunds, invoices).</summary>
    Financial = 3,

    /// <summary>Commits the business (accepts a contract, promises a deadline, books a meeting).</summary>
    Commitment = 4,
}
