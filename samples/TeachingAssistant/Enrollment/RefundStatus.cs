namespace TeachingAssistant.Enrollment;

/// <summary>Where a refund request stands.</summary>
internal static class RefundStatus
{
    public const string AwaitingApproval = "awaiting-approval";
    public const string Refunded = "refunded";
    public const string Declined = "declined";
    public const string Duplicate = "duplicate";
    public const string Failed = "failed";
}
