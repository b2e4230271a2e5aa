using System.Text.Json;

namespace OperatorOs;

/// <summary>Writes the kernel's events to the <see cref="Journal"/>, one stream per correlation id, so an intent's whole story reads in order.</summary>
internal sealed class KernelJournal
{
    private readonly Journal _journal;

    public KernelJournal(Journal journal)
    {
        _journal = journal;
    }

    public static string StreamOf(string correlationId) => $"correlation/{correlationId}";

    public static string CorrelationOf(ActionProposal proposal) => proposal.CorrelationId ?? proposal.Id;

    public Task<JournalEvent> IntentReceivedAsync(Intent intent, CancellationToken cancellationToken) =>
        AppendAsync(intent.CorrelationId, JournalEventTypes.IntentReceived, intent, static (w, i) =>
        {
            w.WriteString("intentId", i.Id);
            w.WriteString("name", i.Name);
            w.WriteString("source", i.Source);
            w.WriteString("trust", i.Trust.ToString());
            w.WriteString("createdAt", i.CreatedAt);
            w.WriteElement("payload", i.Payload);
        }, cancellationToken);

    public Task<JournalEvent> IntentRoutedAsync(Intent intent, RouteDecision route, CancellationToken cancellationToken) =>
        AppendAsync(intent.CorrelationId, route.IsRouted ? JournalEventTypes.IntentRouted : JournalEventTypes.IntentUnrouted, (intent, route), static (w, s) =>
        {
            w.WriteString("intentId", s.intent.Id);
            w.WriteString("targetKind", s.route.TargetKind.ToString());
            w.WriteString("target", s.route.Target);
            w.WriteString("rule", s.route.Rule);
            if (s.route.Score is { } score)
            {
                w.WriteNumber("score", score);
            }

            w.WriteStartArray("candidates");
            foreach (RouteCandidate candidate in s.route.Candidates)
            {
                w.WriteStartObject();
                w.WriteString("target", candidate.Target);
                w.WriteNumber("score", candidate.Score);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }, cancellationToken);

    public Task<JournalEvent> AgentCompletedAsync(Intent intent, string agent, string? modelId, string? response, int proposals, CancellationToken cancellationToken) =>
        AppendAsync(intent.CorrelationId, JournalEventTypes.AgentCompleted, (intent, agent, modelId, response, proposals), static (w, s) =>
        {
            w.WriteString("intentId", s.intent.Id);
            w.WriteString("agent", s.agent);
            w.WriteString("modelId", s.modelId);
            w.WriteString("response", s.response);
            w.WriteNumber("proposals", s.proposals);
        }, cancellationToken);

    public Task<JournalEvent> ProposalCreatedAsync(ActionProposal proposal, CancellationToken cancellationToken) =>
        AppendAsync(CorrelationOf(proposal), JournalEventTypes.ProposalCreated, proposal, static (w, p) =>
        {
            w.WriteString("proposalId", p.Id);
            w.WriteString("capability", p.Capability);
            w.WriteElement("arguments", p.Arguments);
            w.WriteString("proposer", p.Proposer);
            w.WriteString("proposerKind", p.ProposerKind.ToString());
            w.WriteString("rationale", p.Rationale);
            w.WriteNumber("confidence", p.Confidence);
            w.WriteString("modelId", p.ModelId);
            w.WriteString("taint", p.Taint.ToString());
            w.WriteString("intentId", p.IntentId);
            w.WriteStringArray("inputs", p.InputReferences);
        }, cancellationToken);

    public Task<JournalEvent> ProposalInvalidAsync(ActionProposal proposal, string error, CancellationToken cancellationToken) =>
        AppendAsync(CorrelationOf(proposal), JournalEventTypes.ProposalInvalid, (proposal, error), static (w, s) =>
        {
            w.WriteString("proposalId", s.proposal.Id);
            w.WriteString("error", s.error);
        }, cancellationToken);

    public Task<JournalEvent> PolicyDecidedAsync(ActionProposal proposal, PolicyEvaluation evaluation, CancellationToken cancellationToken) =>
        AppendAsync(CorrelationOf(proposal), JournalEventTypes.PolicyDecided, (proposal, evaluation), static (w, s) =>
        {
            w.WriteString("proposalId", s.proposal.Id);
            w.WriteString("verdict", s.evaluation.Decision.Verdict.ToString());
            w.WriteString("rule", s.evaluation.Decision.RuleId);
            w.WriteString("reason", s.evaluation.Decision.Reason);
            w.WriteStartArray("rules");
            foreach (PolicyDecision verdict in s.evaluation.Verdicts)
            {
                w.WriteStartObject();
                w.WriteString("rule", verdict.RuleId);
                w.WriteString("verdict", verdict.Verdict.ToString());
                w.WriteString("reason", verdict.Reason);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }, cancellationToken);

    public Task<JournalEvent> ApprovalRequestedAsync(ApprovalRequest request, CancellationToken cancellationToken) =>
        AppendAsync(CorrelationOf(request.Proposal), JournalEventTypes.ApprovalRequested, request, static (w, r) =>
        {
            w.WriteString("approvalId", r.Id);
            w.WriteString("proposalId", r.Proposal.Id);
            w.WriteString("rule", r.Decision.RuleId);
            w.WriteString("reason", r.Decision.Reason);
            if (r.ExpiresAt is { } expires)
            {
                w.WriteString("expiresAt", expires);
            }
        }, cancellationToken);

    public Task<JournalEvent> ApprovalDecidedAsync(ApprovalRequest request, CancellationToken cancellationToken) =>
        AppendAsync(
            CorrelationOf(request.Proposal),
            request.Status == ApprovalStatus.Approved ? JournalEventTypes.ApprovalApproved : JournalEventTypes.ApprovalRejected,
            request,
            static (w, r) =>
            {
                w.WriteString("approvalId", r.Id);
                w.WriteString("proposalId", r.Proposal.Id);
                w.WriteString("status", r.Status.ToString());
                w.WriteString("decidedBy", r.DecidedBy);
                w.WriteString("reason", r.DecisionReason);
                if (r.CorrectedArguments is { } corrected)
                {
                    w.WriteElement("correctedArguments", corrected);
                }
            },
            cancellationToken);

    public Task<JournalEvent> ActionStartedAsync(ActionProposal proposal, string? approvalId, CancellationToken cancellationToken) =>
        AppendAsync(CorrelationOf(proposal), JournalEventTypes.ActionStarted, (proposal, approvalId), static (w, s) =>
        {
            w.WriteString("proposalId", s.proposal.Id);
            w.WriteString("capability", s.proposal.Capability);
            w.WriteString("token", s.proposal.OperationToken.Value);
            w.WriteString("approvalId", s.approvalId);
        }, cancellationToken);

    public Task<JournalEvent> ActionCompletedAsync(ActionProposal proposal, OperationResult result, CancellationToken cancellationToken) =>
        AppendAsync(CorrelationOf(proposal), JournalEventTypes.ActionCompleted, (proposal, result), static (w, s) =>
        {
            w.WriteString("proposalId", s.proposal.Id);
            w.WriteString("capability", s.result.Capability);
            w.WriteString("token", s.result.Token.Value);
            w.WriteString("summary", s.result.Summary);
            w.WriteString("completedAt", s.result.CompletedAt);
            w.WriteElement("output", s.result.Output);
        }, cancellationToken);

    public Task<JournalEvent> ActionFailedAsync(ActionProposal proposal, string error, CancellationToken cancellationToken) =>
        AppendAsync(CorrelationOf(proposal), JournalEventTypes.ActionFailed, (proposal, error), static (w, s) =>
        {
            w.WriteString("proposalId", s.proposal.Id);
            w.WriteString("capability", s.proposal.Capability);
            w.WriteString("token", s.proposal.OperationToken.Value);
            w.WriteString("error", s.error);
        }, cancellationToken);

    public Task<JournalEvent> ActionShadowedAsync(ActionProposal proposal, CancellationToken cancellationToken) =>
        AppendAsync(CorrelationOf(proposal), JournalEventTypes.ActionShadowed, proposal, static (w, p) =>
        {
            w.WriteString("proposalId", p.Id);
            w.WriteString("capability", p.Capability);
            w.WriteElement("arguments", p.Arguments);
        }, cancellationToken);

    public Task<JournalEvent> MemoryWrittenAsync(string correlationId, MemoryRecord record, CancellationToken cancellationToken) =>
        AppendAsync(correlationId, JournalEventTypes.MemoryWritten, record, static (w, r) =>
        {
            w.WriteString("entity", r.Entity);
            w.WriteString("attribute", r.Attribute);
            w.WriteString("kind", r.Kind.ToString());
            w.WriteNumber("version", r.Version);
            w.WriteString("actor", r.Provenance.Actor);
            w.WriteString("approvalId", r.Provenance.ApprovalId);
        }, cancellationToken);

    /// <summary>Journals a trust-ladder change in the agent's own stream <c>agent/&lt;name&gt;</c>, tied to the proposal's correlation id when an approval caused it.</summary>
    public Task<JournalEvent> TrustChangedAsync(string type, TrustStanding from, TrustStanding to, string decidedBy, string reason, string? correlationId, CancellationToken cancellationToken)
    {
        JsonElement payload = JsonPayload.Object((from, to, decidedBy, reason), static (w, s) =>
        {
            w.WriteString("agent", s.to.Agent);
            w.WriteString("capability", s.to.Capability);
            w.WriteString("from", s.from.Level.ToString());
            w.WriteString("to", s.to.Level.ToString());
            w.WriteNumber("consecutiveCleanApprovals", s.to.ConsecutiveCleanApprovals);
            w.WriteBoolean("promotionSuggested", s.to.PromotionSuggested);
            w.WriteNumber("version", s.to.Version);
            w.WriteString("decidedBy", s.decidedBy);
            w.WriteString("reason", s.reason);
        });
        return _journal.AppendAsync(new JournalEntry(TrustFact.EntityOf(to.Agent), type, payload, correlationId), cancellationToken);
    }

    /// <summary>Journals a model answer: charged (<paramref name="cached"/> false, usage as reported or estimated) or from the tier's cache (no usage, no cost).</summary>
    public Task<JournalEvent> ModelCalledAsync(
        ModelCallScope scope, string tier, string? modelId, ModelUsage usage, bool estimated, bool timedOut, bool cached, CancellationToken cancellationToken) =>
        AppendAsync(scope.CorrelationId, JournalEventTypes.ModelCalled, (scope, tier, modelId, usage, estimated, timedOut, cached), static (w, s) =>
        {
            WriteScope(w, s.scope, s.tier);
            w.WriteString("modelId", s.modelId);
            w.WriteNumber("inputTokens", s.usage.InputTokens);
            w.WriteNumber("outputTokens", s.usage.OutputTokens);
            w.WriteBoolean("estimated", s.estimated);
            w.WriteBoolean("timedOut", s.timedOut);
            w.WriteBoolean("cached", s.cached);
            w.WriteNumber("cost", s.usage.Cost);
        }, cancellationToken);

    public Task<JournalEvent> ModelReservationOverrunAsync(
        ModelCallScope scope, string tier, string? modelId, BudgetReservation reservation, ModelUsage usage, IReadOnlyList<string> budgetsOverrun, CancellationToken cancellationToken) =>
        AppendAsync(scope.CorrelationId, JournalEventTypes.ModelReservationOverrun, (scope, tier, modelId, reservation, usage, budgetsOverrun), static (w, s) =>
        {
            WriteScope(w, s.scope, s.tier);
            w.WriteString("modelId", s.modelId);
            w.WriteNumber("reservedTokens", s.reservation.Tokens);
            w.WriteNumber("usedTokens", s.usage.TotalTokens);
            w.WriteNumber("reservedCost", s.reservation.Cost);
            w.WriteNumber("cost", s.usage.Cost);
            w.WriteStartArray("budgetsOverrun");
            foreach (string budget in s.budgetsOverrun)
            {
                w.WriteStringValue(budget);
            }

            w.WriteEndArray();
        }, cancellationToken);

    public Task<JournalEvent> ModelFailedAsync(ModelCallScope scope, string tier, string reason, CancellationToken cancellationToken) =>
        AppendAsync(scope.CorrelationId, JournalEventTypes.ModelFailed, (scope, tier, reason), static (w, s) =>
        {
            WriteScope(w, s.scope, s.tier);
            w.WriteString("reason", s.reason);
        }, cancellationToken);

    public Task<JournalEvent> ModelBudgetExceededAsync(ModelCallScope scope, string tier, string reason, CancellationToken cancellationToken) =>
        AppendAsync(scope.CorrelationId, JournalEventTypes.ModelBudgetExceeded, (scope, tier, reason), static (w, s) =>
        {
            WriteScope(w, s.scope, s.tier);
            w.WriteString("reason", s.reason);
        }, cancellationToken);

    public Task<JournalEvent> AgentEscalatedAsync(ModelCallScope scope, string fromTier, string toTier, double confidence, double threshold, string reason, CancellationToken cancellationToken) =>
        AppendAsync(scope.CorrelationId, JournalEventTypes.AgentEscalated, (scope, fromTier, toTier, confidence, threshold, reason), static (w, s) =>
        {
            WriteScope(w, s.scope, s.fromTier);
            w.WriteString("to", s.toTier);
            w.WriteNumber("confidence", s.confidence);
            w.WriteNumber("threshold", s.threshold);
            w.WriteString("reason", s.reason);
        }, cancellationToken);

    public Task<JournalEvent> IntentDeferredAsync(Intent intent, string agent, string reason, CancellationToken cancellationToken) =>
        AppendAsync(intent.CorrelationId, JournalEventTypes.IntentDeferred, (intent, agent, reason), static (w, s) =>
        {
            w.WriteString("intentId", s.intent.Id);
            w.WriteString("agent", s.agent);
            w.WriteString("reason", s.reason);
        }, cancellationToken);

    public Task<JournalEvent> IntentResolvedAsync(DeferredIntent deferred, string resolvedBy, string? note, CancellationToken cancellationToken) =>
        AppendAsync(deferred.Intent.CorrelationId, JournalEventTypes.IntentResolved, (deferred, resolvedBy, note), static (w, s) =>
        {
            w.WriteString("intentId", s.deferred.Intent.Id);
            w.WriteString("agent", s.deferred.Agent);
            w.WriteString("resolvedBy", s.resolvedBy);
            if (s.note is not null)
            {
                w.WriteString("note", s.note);
            }
        }, cancellationToken);

    public Task<JournalEvent> AgentResumedAsync(Intent intent, string agent, int decided, CancellationToken cancellationToken) =>
        AppendAsync(intent.CorrelationId, JournalEventTypes.AgentResumed, (intent, agent, decided), static (w, s) =>
        {
            w.WriteString("intentId", s.intent.Id);
            w.WriteString("agent", s.agent);
            w.WriteNumber("decidedApprovals", s.decided);
        }, cancellationToken);

    public Task<JournalEvent> AgentToolCallRefusedAsync(Intent intent, string agent, string tool, string? callId, string reason, CancellationToken cancellationToken) =>
        AppendAsync(intent.CorrelationId, JournalEventTypes.AgentToolCallRefused, (intent, agent, tool, callId, reason), static (w, s) =>
        {
            w.WriteString("intentId", s.intent.Id);
            w.WriteString("agent", s.agent);
            w.WriteString("tool", s.tool);
            w.WriteString("callId", s.callId);
            w.WriteString("reason", s.reason);
        }, cancellationToken);

    public Task<JournalEvent> AgentToolCallRepeatedAsync(Intent intent, string agent, string? callId, ApprovalRequest request, CancellationToken cancellationToken) =>
        AppendAsync(intent.CorrelationId, JournalEventTypes.AgentToolCallRepeated, (intent, agent, callId, request), static (w, s) =>
        {
            w.WriteString("intentId", s.intent.Id);
            w.WriteString("agent", s.agent);
            w.WriteString("capability", s.request.Proposal.Capability);
            w.WriteString("callId", s.callId);
            w.WriteString("approvalId", s.request.Id);
            w.WriteString("status", s.request.Status.ToString());
            w.WriteString("token", s.request.Proposal.OperationToken.Value);
        }, cancellationToken);

    public Task<JournalEvent> ShadowScoredAsync(
        ActionProposal operatorProposal, string agent, string shadowed, string shadowedProposalId, double confidence, double score, bool agreed, CancellationToken cancellationToken) =>
        AppendAsync(CorrelationOf(operatorProposal), JournalEventTypes.ShadowScored, (operatorProposal, agent, shadowed, shadowedProposalId, confidence, score, agreed), static (w, s) =>
        {
            w.WriteString("operatorProposalId", s.operatorProposal.Id);
            w.WriteString("capability", s.operatorProposal.Capability);
            w.WriteString("agent", s.agent);
            w.WriteString("shadowed", s.shadowed);
            w.WriteString("shadowedProposalId", s.shadowedProposalId);
            w.WriteNumber("confidence", s.confidence);
            w.WriteNumber("score", s.score);
            w.WriteBoolean("agreed", s.agreed);
        }, cancellationToken);

    /// <summary>The stream of operator status changes (offline, online, degraded, recovered), which a shell reads to show the mode.</summary>
    public const string OperatorStatusStream = "operator/status";

    /// <summary>Gets the latest operator status change, or <see langword="null"/> when none was journaled.</summary>
    public async Task<JournalEvent?> LatestOperatorStatusAsync(CancellationToken cancellationToken)
    {
        JournalEvent? latest = null;
        await foreach (JournalEvent journalEvent in _journal.ReadStreamAsync(OperatorStatusStream, cancellationToken).ConfigureAwait(false))
        {
            latest = journalEvent;
        }

        return latest;
    }

    public Task<JournalEvent> OperatorStatusChangedAsync(string type, string reason, string correlationId, CancellationToken cancellationToken) =>
        _journal.AppendAsync(new JournalEntry(OperatorStatusStream, type, JsonPayload.Object(reason, static (w, r) => w.WriteString("reason", r)), correlationId), cancellationToken);

    private static void WriteScope(Utf8JsonWriter writer, ModelCallScope scope, string tier)
    {
        writer.WriteString("intentId", scope.IntentId);
        writer.WriteString("agent", scope.Agent);
        writer.WriteString("workflow", scope.Workflow);
        writer.WriteString("tier", tier);
    }

    private Task<JournalEvent> AppendAsync<TState>(string correlationId, string type, TState state, Action<Utf8JsonWriter, TState> write, CancellationToken cancellationToken)
    {
        JsonElement payload = JsonPayload.Object(state, write);
        return _journal.AppendAsync(new JournalEntry(StreamOf(correlationId), type, payload, correlationId), cancellationToken);
    }
}
