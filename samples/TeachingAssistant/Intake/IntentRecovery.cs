using System.Text.Json;
using OperatorOs;
using TeachingAssistant.Support;

namespace TeachingAssistant.Intake;

/// <summary>Rebuilds what the kernel did with an intent from the journal, for an intent a stopped run submitted but never recorded as handled.</summary>
/// <remarks>
/// Submitting such an intent again would let its agent propose again under new proposal ids, so new operation tokens, and a
/// write that already happened would happen twice. Instead the journal's story of the intent is read back: a proposal that
/// completed, waits for approval or was refused keeps that result, and one the run stopped in the middle of is governed again
/// under its original id, so its operation token is the one the connector may already have recorded. The kernel journals each
/// intent in the stream <c>correlation/&lt;correlation id&gt;</c>.
/// </remarks>
internal sealed class IntentRecovery
{
    private readonly Journal _journal;
    private readonly IOperatorKernel _kernel;

    public IntentRecovery(Journal journal, IOperatorKernel kernel)
    {
        _journal = journal;
        _kernel = kernel;
    }

    /// <summary>Returns the intent's result as the journal tells it, or <see langword="null"/> when the kernel never received it (or its agent proposed nothing before the stop, so submitting it again repeats nothing).</summary>
    public async Task<IntentResult?> RecoverAsync(Intent intent, CancellationToken cancellationToken)
    {
        bool received = false, agentDone = false;
        RouteDecision route = RouteDecision.Unrouted;
        var proposals = new List<(ActionProposal Proposal, List<JournalEvent> Events)>();
        await foreach (JournalEvent e in _journal.ReadStreamAsync("correlation/" + intent.CorrelationId, cancellationToken))
        {
            JsonElement p = e.Payload;
            switch (e.Type)
            {
                case JournalEventTypes.IntentReceived:
                    received = true;
                    break;
                case JournalEventTypes.IntentRouted:
                    route = new RouteDecision(RouteTargetKind.Agent, Json.GetString(p, "target"), Json.GetString(p, "rule") ?? "recovered")
                    {
                        Score = p.ValueKind == JsonValueKind.Object && p.TryGetProperty("score", out JsonElement score) ? score.GetDouble() : null,
                    };
                    break;
                case JournalEventTypes.AgentCompleted:
                    agentDone = true;
                    break;
                case JournalEventTypes.ProposalCreated when p.ValueKind == JsonValueKind.Object && proposals.All(x => x.Proposal.Id != Json.GetString(p, "proposalId")):
                    proposals.Add((ProposalOf(p, e), []));
                    break;
                default:
                    if (Json.GetString(p, "proposalId") is { } id && proposals.FirstOrDefault(x => x.Proposal.Id == id) is { Events: { } events })
                    {
                        events.Add(e);
                    }

                    break;
            }
        }

        if (!received || (!agentDone && proposals.Count == 0))
        {
            return null;
        }

        var results = new List<ProposalResult>(proposals.Count);
        foreach ((ActionProposal proposal, List<JournalEvent> events) in proposals)
        {
            results.Add(ResultOf(proposal, events) ?? await _kernel.ProposeAsync(proposal, cancellationToken));
        }

        return new IntentResult(intent, route, results);
    }

    private static ProposalResult? ResultOf(ActionProposal proposal, List<JournalEvent> events)
    {
        if (events.LastOrDefault(e => e.Type == JournalEventTypes.ActionCompleted) is { } completed)
        {
            JsonElement p = completed.Payload;
            var outcome = new OperationResult(
                new OperationToken(Json.GetString(p, "token")!), Json.GetString(p, "capability")!, p.GetProperty("output").Clone(), Json.GetString(p, "summary") ?? string.Empty, completed.Timestamp);
            return new ProposalResult(proposal, ProposalStatus.Executed, null) { Outcome = outcome };
        }

        if (events.LastOrDefault(e => e.Type == JournalEventTypes.ApprovalRequested) is { } requested)
        {
            return new ProposalResult(proposal, ProposalStatus.PendingApproval, null) { ApprovalId = Json.GetString(requested.Payload, "approvalId") };
        }

        if (events.Any(e => e.Type == JournalEventTypes.ProposalInvalid))
        {
            return new ProposalResult(proposal, ProposalStatus.Invalid, null);
        }

        // Decided and not executed-or-queued: denied or shadowed; anything less than decided is governed again.
        return events.LastOrDefault(e => e.Type == JournalEventTypes.PolicyDecided) is { } decided && !events.Any(e => e.Type == JournalEventTypes.ActionStarted)
            ? Json.GetString(decided.Payload, "verdict") switch
            {
                nameof(PolicyVerdict.Deny) => new ProposalResult(proposal, ProposalStatus.Denied, null),
                nameof(PolicyVerdict.ShadowOnly) => new ProposalResult(proposal, ProposalStatus.Shadowed, null),
                _ => null,
            }
            : null;
    }

    private static ActionProposal ProposalOf(JsonElement p, JournalEvent created) =>
        new(Json.GetString(p, "proposalId")!, Json.GetString(p, "capability")!, p.GetProperty("arguments"), Json.GetString(p, "proposer")!, created.Timestamp)
        {
            ProposerKind = Enum.Parse<ActorKind>(Json.GetString(p, "proposerKind")!),
            Rationale = Json.GetString(p, "rationale"),
            Confidence = p.GetProperty("confidence").GetDouble(),
            ModelId = Json.GetString(p, "modelId"),
            Taint = Enum.Parse<TrustLevel>(Json.GetString(p, "taint")!),
            IntentId = Json.GetString(p, "intentId"),
            CorrelationId = created.CorrelationId,
            InputReferences = p.TryGetProperty("inputs", out JsonElement inputs) ? inputs.EnumerateArray().Select(i => i.GetString()!).ToList() : [],
        };
}
