namespace OperatorOs.Shell;

/// <summary>The kernel's journal stream names, as its KernelJournal writes them: one stream per correlation id.</summary>
internal static class JournalStreams
{
    /// <summary>The stream of operator status changes: offline, online, degraded, recovered.</summary>
    public const string OperatorStatus = "operator/status";

    public static string OfCorrelation(string correlationId) => $"correlation/{correlationId}";

    public static string OfProposal(ActionProposal proposal) => OfCorrelation(proposal.CorrelationId ?? proposal.Id);
}
