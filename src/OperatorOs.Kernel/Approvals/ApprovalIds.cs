namespace OperatorOs;

/// <summary>Creates approval ids: time-ordered, so ids sort in queue order.</summary>
internal static class ApprovalIds
{
    public static string New(TimeProvider timeProvider) => "apr_" + Guid.CreateVersion7(timeProvider.GetUtcNow()).ToString("n");
}
