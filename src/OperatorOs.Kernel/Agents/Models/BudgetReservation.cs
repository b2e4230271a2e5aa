namespace OperatorOs;

/// <summary>The estimated spend of one model call, held against every budget that covers it until the call settles.</summary>
internal sealed record BudgetReservation(IReadOnlyList<string> Accounts, long Tokens, decimal Cost);
