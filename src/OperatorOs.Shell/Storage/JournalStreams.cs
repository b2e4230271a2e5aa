namespace OperatorOs.Shell;

/// <summary>The kernel's journal stream names, as its KernelJournal writes them: one stream per correlation id.</summary>
internal static class JournalStreams
{
    public static string OfCorrelation(string correlationId) => $"correlation/{correlationId}";

    public static string OfProposal(ActionProposal proposal) => OfCorrelation(proposal.CorrelationId ?? proposal.Id);
}
