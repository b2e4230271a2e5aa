using System.Text.Json;

namespace OperatorOs.Shell;

/// <summary>
/// Figures computed from what the host's database holds: proposals, policy decisions and executions from the journal, approvals
/// from the approval store, and cost records from memory facts under <c>cost/...</c>.
/// </summary>
/// <remarks>
/// The journal is read once from the start. Events whose payload retention dropped still count by type; those whose capability
/// is unknown (a pruned proposal.created) are counted under "(unknown)".
/// </remarks>
internal sealed class OperatorFigures
{
    public const string CostPrefix = "cost/";
    private const string Unknown = "(unknown)";

    private readonly Dictionary<string, CapabilityFigures> _capabilities = new(StringComparer.Ordinal);

    public long JournalEvents { get; private set; }

    public IEnumerable<CapabilityFigures> Capabilities => _capabilities.Values.OrderBy(c => c.Capability, StringComparer.Ordinal);

    public CapabilityFigures Total
    {
        get
        {
            var total = new CapabilityFigures("(all)");
            foreach (CapabilityFigures figures in _capabilities.Values)
            {
                total.Add(figures);
            }

            return total;
        }
    }

    /// <summary>Gets the current memory records under <c>cost/...</c>, as the model cost accounting records them.</summary>
    public IReadOnlyList<MemoryRecord> Costs { get; private set; } = [];

    public static async Task<OperatorFigures> ComputeAsync(OposSession session, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var figures = new OperatorFigures();
        var capabilityOfProposal = new Dictionary<string, string>(StringComparer.Ordinal);
        var startedSteps = new Dictionary<(string Stream, long Seq, string Step), string?>();
        await foreach (JournalEvent e in session.Journal.ReadAsync(1, cancellationToken).ConfigureAwait(false))
        {
            figures.JournalEvents++;
            if (e.Stream.StartsWith("flow/", StringComparison.Ordinal))
            {
                figures.CountFlowSteps(e, startedSteps);
                continue;
            }

            string? proposalId = ApprovalFacts.Text(e.Payload, "proposalId");
            string? capability = ApprovalFacts.Text(e.Payload, "capability")
                ?? (proposalId is not null && capabilityOfProposal.TryGetValue(proposalId, out string? known) ? known : null);
            switch (e.Type)
            {
                case JournalEventTypes.ProposalCreated:
                    if (proposalId is not null && capability is not null)
                    {
                        capabilityOfProposal[proposalId] = capability;
                    }

                    figures.Of(capability).Proposed++;
                    break;
                case JournalEventTypes.ProposalInvalid:
                    figures.Of(capability).Invalid++;
                    break;
                case JournalEventTypes.PolicyDecided when Enum.TryParse(ApprovalFacts.Text(e.Payload, "verdict"), out PolicyVerdict verdict):
                    figures.Of(capability).Decisions[verdict]++;
                    break;
                case JournalEventTypes.ActionCompleted:
                    figures.Of(capability).Succeeded++;
                    break;
                case JournalEventTypes.ActionFailed:
                    figures.Of(capability).Failed++;
                    break;
            }
        }

        foreach (ApprovalStatus status in Enum.GetValues<ApprovalStatus>())
        {
            foreach (ApprovalRequest request in await session.Approvals.ListAsync(status, cancellationToken).ConfigureAwait(false))
            {
                CapabilityFigures capability = figures.Of(request.Proposal.Capability);
                capability.Approvals[ApprovalView.StatusAt(request, now)]++;
                if (request.Status == ApprovalStatus.Approved && request.Outcome is null)
                {
                    capability.AwaitingExecution++;
                }
            }
        }

        IReadOnlyList<MemoryRecord> current = await session.Memory.QueryAsync(new MemoryQuery(), cancellationToken).ConfigureAwait(false);
        figures.Costs = current
            .Where(r => r.Entity.StartsWith(CostPrefix, StringComparison.Ordinal))
            .OrderBy(r => r.Entity, StringComparer.Ordinal)
            .ThenBy(r => r.Attribute, StringComparer.Ordinal)
            .ToList();
        return figures;
    }

    /// <summary>Adds up, per attribute, the cost records whose value is a number: a generic total, whatever the cost entities are.</summary>
    public IReadOnlyList<(string Attribute, double Total, int Records)> CostTotals() => Costs
        .Where(r => r.Value.ValueKind == JsonValueKind.Number)
        .GroupBy(r => r.Attribute, StringComparer.Ordinal)
        .OrderBy(g => g.Key, StringComparer.Ordinal)
        .Select(g => (g.Key, g.Sum(r => r.Value.GetDouble()), g.Count()))
        .ToList();

    // A flow step policy let run at once is journaled in its flow's stream: a step-started record is its proposal and decision, the
    // step-completed or failed record of the same step its outcome. Steps that went through an approval have the usual events.
    private void CountFlowSteps(JournalEvent e, Dictionary<(string Stream, long Seq, string Step), string?> started)
    {
        foreach (FlowRecord r in FlowRecord.Read(e))
        {
            if (r.Payload.ValueKind != JsonValueKind.Object || ApprovalFacts.Text(r.Payload, "step") is not { } step
                || !r.Payload.TryGetProperty("seq", out JsonElement seqElement) || !seqElement.TryGetInt64(out long seq))
            {
                continue;
            }

            (string, long, string) key = (e.Stream, seq, step);
            switch (r.Type)
            {
                case FlowEventTypes.StepStarted:
                    string? capability = ApprovalFacts.Text(r.Payload, "capability");
                    started[key] = capability;
                    Of(capability).Proposed++;
                    if (Enum.TryParse(ApprovalFacts.Text(r.Payload, "verdict"), out PolicyVerdict verdict))
                    {
                        Of(capability).Decisions[verdict]++;
                    }

                    break;
                case FlowEventTypes.StepCompleted when started.Remove(key, out string? completed):
                    Of(completed).Succeeded++;
                    break;
                case FlowEventTypes.Failed when started.Remove(key, out string? failed):
                    Of(failed).Failed++;
                    break;
            }
        }
    }

    private CapabilityFigures Of(string? capability)
    {
        string key = capability ?? Unknown;
        if (!_capabilities.TryGetValue(key, out CapabilityFigures? figures))
        {
            figures = new CapabilityFigures(key);
            _capabilities.Add(key, figures);
        }

        return figures;
    }
}
