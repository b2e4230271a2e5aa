namespace OperatorOs.Shell;

/// <summary>The figures of one capability: what was proposed, how policy decided, what ran, and where its approvals stand.</summary>
internal sealed class CapabilityFigures
{
    public CapabilityFigures(string capability)
    {
        Capability = capability;
    }

    public string Capability { get; }

    public long Proposed { get; set; }

    public long Invalid { get; set; }

    /// <summary>Gets the policy decisions by verdict.</summary>
    public Dictionary<PolicyVerdict, long> Decisions { get; } = Enum.GetValues<PolicyVerdict>().ToDictionary(v => v, _ => 0L);

    public long Succeeded { get; set; }

    public long Failed { get; set; }

    /// <summary>Gets the approval requests by status as of now (a pending request past its expiry counts as expired).</summary>
    public Dictionary<ApprovalStatus, long> Approvals { get; } = Enum.GetValues<ApprovalStatus>().ToDictionary(s => s, _ => 0L);

    /// <summary>Gets how many approved actions have no outcome yet: waiting for a host's dispatcher, or failed.</summary>
    public long AwaitingExecution { get; set; }

    public void Add(CapabilityFigures other)
    {
        Proposed += other.Proposed;
        Invalid += other.Invalid;
        Succeeded += other.Succeeded;
        Failed += other.Failed;
        AwaitingExecution += other.AwaitingExecution;
        foreach ((PolicyVerdict verdict, long count) in other.Decisions)
        {
            Decisions[verdict] += count;
        }

        foreach ((ApprovalStatus status, long count) in other.Approvals)
        {
            Approvals[status] += count;
        }
    }
}
