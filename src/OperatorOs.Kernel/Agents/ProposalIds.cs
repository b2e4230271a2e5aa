namespace OperatorOs;

/// <summary>Creates proposal ids: time-ordered, and stable for the life of the proposal, since its operation token derives from it.</summary>
internal static class ProposalIds
{
    public static string New(TimeProvider timeProvider) => "prp_" + Guid.CreateVersion7(timeProvider.GetUtcNow()).ToString("n");
}
