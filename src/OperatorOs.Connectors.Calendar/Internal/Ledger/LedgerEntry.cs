namespace OperatorOs.Connectors.Calendar.Internal;

/// <summary>What the ledger knows about a token.</summary>
/// <param name="Capability">The capability the token was used for.</param>
/// <param name="Uid">The UID of the event the operation targets.</param>
/// <param name="Result">The recorded result, or <see langword="null"/> while the operation is pending (started, outcome unknown).</param>
internal sealed record LedgerEntry(string Capability, string Uid, OperationResult? Result);
