namespace TeachingAssistant.Intake;

/// <summary>An approval the host waits on, and what to follow up when the operator decides it.</summary>
/// <param name="ApprovalId">The approval request's id.</param>
/// <param name="Kind">What it is about.</param>
/// <param name="SubjectId">The message or submission id.</param>
/// <param name="Student">The student concerned.</param>
internal sealed record PendingReview(string ApprovalId, ReviewKind Kind, string SubjectId, string Student);
