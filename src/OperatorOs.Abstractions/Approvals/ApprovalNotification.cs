namespace OperatorOs;

/// <summary>Tells a shell that an approval request was queued or decided.</summary>
/// <param name="Request">The request as it now stands; its <see cref="ApprovalRequest.Status"/> says what happened.</param>
/// <param name="At">When it happened.</param>
public sealed record ApprovalNotification(ApprovalRequest Request, DateTimeOffset At);
