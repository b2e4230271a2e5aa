namespace OperatorOs.Connectors.Mcp.Internal;

/// <summary>What the ledger holds for a token: the call it was started for and, once acknowledged, the result.</summary>
/// <param name="Capability">The capability the token was used for.</param>
/// <param name="ArgumentsHash">The SHA-256 of the canonical arguments the token was used with.</param>
/// <param name="Result">The recorded result, or <see langword="null"/> while the call's outcome is unknown (in doubt).</param>
internal sealed record LedgerEntry(string Capability, string ArgumentsHash, OperationResult? Result);
