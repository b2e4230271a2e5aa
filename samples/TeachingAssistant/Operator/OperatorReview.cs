namespace TeachingAssistant.Operator;

/// <summary>What the operator did with the approval queue at the end of a week.</summary>
internal sealed record OperatorReview(int Approved, int Corrected, int Rejected, int Deferred, int Failed);
