namespace TeachingAssistant.Enrollment;

/// <summary>What became of a refund request: its <see cref="RefundStatus"/>, and the approval it waits on, if any.</summary>
internal sealed record RefundOutcome(string Status, string? ApprovalId);
