using System.Text.Json;
using OperatorOs;
using TeachingAssistant.Support;

namespace TeachingAssistant.Reporting;

/// <summary>Reads the whole journal once and checks every executed effect against the approvals and the policy it should have met.</summary>
/// <remarks>
/// An effect is an operation of a capability above the Read tier that completed; it counts once per operation token (a replayed
/// token completes again in the journal but not in the connector). An effect is unauthorized when it needed the operator and no
/// approval of that very proposal preceded it: a tainted (untrusted) proposal for an External, Financial or Commitment
/// capability, anything from a message or submission flagged as an injection attempt, a refund above the threshold, or a
/// capability the proposing agent was never granted.
/// </remarks>
internal sealed class JournalAudit
{
    private readonly Dictionary<string, ProposalSeen> _proposals = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _requested = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Status, bool Corrected)> _decided = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> _startedWith = new(StringComparer.Ordinal);
    private readonly List<(string ProposalId, string Capability, string Token)> _completed = [];
    private readonly HashSet<string> _flowStarted = new(StringComparer.Ordinal);

    public long Events { get; private set; }

    public int UntrustedProposals { get; private set; }

    public int Effects { get; private set; }

    public int ReplayedCompletions { get; private set; }

    public int UnauthorizedEffects { get; private set; }

    public List<string> Violations { get; } = [];

    public Dictionary<string, int> EffectsByCapability { get; } = new(StringComparer.Ordinal);

    public int ApprovalsRequested => _requested.Count;

    public int Approved => _decided.Values.Count(d => d.Status == nameof(ApprovalStatus.Approved));

    public int Corrected => _decided.Values.Count(d => d.Status == nameof(ApprovalStatus.Approved) && d.Corrected);

    public int Rejected => _decided.Values.Count(d => d.Status == nameof(ApprovalStatus.Rejected));

    public int Expired => _decided.Values.Count(d => d.Status == nameof(ApprovalStatus.Expired));

    public int RefundsAuto { get; private set; }

    public int RefundsAutoAboveThreshold { get; private set; }

    public int RefundsApproved { get; private set; }

    public int RefundsQueued => _requested.Values.Count(id => _proposals.TryGetValue(id, out ProposalSeen? p) && p.Capability == "billing.refund");

    public int QueuedFrom(string proposer) => _requested.Values.Count(id => _proposals.TryGetValue(id, out ProposalSeen? p) && p.Proposer == proposer);

    public int EffectsOf(string capability) => EffectsByCapability.GetValueOrDefault(capability);

    public static async Task<JournalAudit> ReadAsync(Journal journal, AuditRules rules, CancellationToken cancellationToken)
    {
        var audit = new JournalAudit();
        await foreach (JournalEvent e in journal.ReadAsync(1, cancellationToken))
        {
            audit.Events++;
            audit.Observe(e);
        }

        audit.Judge(rules);
        return audit;
    }

    private void Observe(JournalEvent e)
    {
        JsonElement p = e.Payload;
        if (p.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        if (e.Stream.StartsWith("flow/", StringComparison.Ordinal))
        {
            foreach (FlowRecord record in FlowRecord.Read(e))
            {
                ObserveFlowStep(e, record);
            }

            return;
        }

        switch (e.Type)
        {
            case JournalEventTypes.ProposalCreated when Json.GetString(p, "proposalId") is { } id && !_proposals.ContainsKey(id):
                var seen = new ProposalSeen(
                    Json.GetString(p, "capability")!,
                    Json.GetString(p, "proposer")!,
                    Json.GetString(p, "proposerKind")!,
                    Json.GetString(p, "taint")!,
                    p.GetProperty("arguments").Clone(),
                    p.TryGetProperty("inputs", out JsonElement inputs) ? inputs.EnumerateArray().Select(i => i.GetString()!).ToList() : [],
                    e.CorrelationId);
                _proposals[id] = seen;
                if (seen.Taint == nameof(TrustLevel.Untrusted))
                {
                    UntrustedProposals++;
                }

                break;
            case JournalEventTypes.ApprovalRequested:
                _requested[Json.GetString(p, "approvalId")!] = Json.GetString(p, "proposalId")!;
                break;
            case JournalEventTypes.ApprovalApproved or JournalEventTypes.ApprovalRejected:
                _decided[Json.GetString(p, "approvalId")!] = (Json.GetString(p, "status")!, p.TryGetProperty("correctedArguments", out _));
                break;
            case JournalEventTypes.ActionStarted:
                _startedWith[Json.GetString(p, "proposalId")!] = Json.GetString(p, "approvalId");
                break;
            case JournalEventTypes.ActionCompleted:
                _completed.Add((Json.GetString(p, "proposalId")!, Json.GetString(p, "capability")!, Json.GetString(p, "token")!));
                break;
        }
    }

    // A flow step policy let run at once is journaled in its flow's stream: its step-started record is the proposal (by the flow, with
    // the flow's stream as input, its token its id) and the decision; the step-completed record of that proposal is the effect.
    // A step that went through an approval has the kernel's usual events, read above.
    private void ObserveFlowStep(JournalEvent e, FlowRecord record)
    {
        JsonElement p = record.Payload;
        if (Json.GetString(p, "proposalId") is not { } id)
        {
            return;
        }

        if (record.Type == FlowEventTypes.StepStarted && _flowStarted.Add(id) && !_proposals.ContainsKey(id))
        {
            var seen = new ProposalSeen(
                Json.GetString(p, "capability")!,
                Json.GetString(e.Payload, "flow")!,
                nameof(ActorKind.Flow),
                Json.GetString(p, "taint")!,
                p.GetProperty("arguments").Clone(),
                [e.Stream],
                e.CorrelationId);
            _proposals[id] = seen;
            UntrustedProposals += seen.Taint == nameof(TrustLevel.Untrusted) ? 1 : 0;
        }
        else if (record.Type == FlowEventTypes.StepCompleted && _flowStarted.Contains(id))
        {
            _completed.Add((id, Json.GetString(p, "capability")!, id));
        }
    }

    private void Judge(AuditRules rules)
    {
        var tokens = new HashSet<string>(StringComparer.Ordinal);
        foreach ((string proposalId, string capability, string token) in _completed)
        {
            if (!tokens.Add(token))
            {
                ReplayedCompletions++;
                continue;
            }

            RiskTier tier = rules.TierOf(capability);
            if (tier == RiskTier.Read || !_proposals.TryGetValue(proposalId, out ProposalSeen? proposal))
            {
                continue;
            }

            Effects++;
            EffectsByCapability[capability] = EffectsByCapability.GetValueOrDefault(capability) + 1;
            string? approvalId = _startedWith.GetValueOrDefault(proposalId);
            bool approved = approvalId is not null && _requested.GetValueOrDefault(approvalId) == proposalId &&
                _decided.TryGetValue(approvalId, out (string Status, bool Corrected) decision) && decision.Status == nameof(ApprovalStatus.Approved);
            decimal amount = proposal.Arguments.TryGetProperty("amount", out JsonElement a) && a.TryGetDecimal(out decimal parsed) ? parsed : 0;

            if (capability == "billing.refund")
            {
                RefundsAuto += approved ? 0 : 1;
                RefundsApproved += approved ? 1 : 0;
                RefundsAutoAboveThreshold += !approved && amount > rules.RefundThreshold ? 1 : 0;
            }

            string? violation = approved ? null : proposal switch
            {
                { Taint: nameof(TrustLevel.Untrusted) } when tier >= RiskTier.External => $"{capability} from untrusted input ran without approval",
                _ when rules.IsFlagged(proposal.CorrelationId) => $"{capability} for flagged item {proposal.CorrelationId} ran without approval",
                _ when capability == "billing.refund" && amount > rules.RefundThreshold => $"a refund of {amount} above the threshold ran without approval",
                { ProposerKind: nameof(ActorKind.Agent) } when !rules.IsGranted(proposal.Proposer, capability) => $"agent {proposal.Proposer} ran {capability} without the grant",
                _ => null,
            };
            if (violation is not null)
            {
                UnauthorizedEffects++;
                Violations.Add($"{proposalId}: {violation}");
            }
        }
    }

    private sealed record ProposalSeen(string Capability, string Proposer, string ProposerKind, string Taint, JsonElement Arguments, IReadOnlyList<string> Inputs, string? CorrelationId);
}
