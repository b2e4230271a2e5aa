using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace OperatorOs;

/// <summary>Governs one proposal: validate its arguments, run the policy pipeline, then execute, queue for approval, shadow or deny.</summary>
internal sealed class ProposalGovernor
{
    private readonly ConnectorCatalog _catalog;
    private readonly AgentRegistry _agents;
    private readonly PolicyPipeline _policies;
    private readonly ActionExecutor _executor;
    private readonly ApprovalStore _approvals;
    private readonly KernelJournal _journal;
    private readonly OperatorOsTelemetry _telemetry;
    private readonly TimeProvider _timeProvider;
    private readonly IOptions<OperatorOsOptions> _options;
    private readonly ApprovalNotifier _notifier;
    private readonly ShadowAgreement _shadow;
    private readonly DecisionRecords _decisions;

    public ProposalGovernor(
        ConnectorCatalog catalog,
        AgentRegistry agents,
        PolicyPipeline policies,
        ActionExecutor executor,
        ApprovalStore approvals,
        KernelJournal journal,
        OperatorOsTelemetry telemetry,
        TimeProvider timeProvider,
        IOptions<OperatorOsOptions> options,
        ApprovalNotifier notifier,
        ShadowAgreement shadow,
        DecisionRecords decisions)
    {
        _decisions = decisions;
        _shadow = shadow;
        _notifier = notifier;
        _catalog = catalog;
        _agents = agents;
        _policies = policies;
        _executor = executor;
        _approvals = approvals;
        _journal = journal;
        _telemetry = telemetry;
        _timeProvider = timeProvider;
        _options = options;
    }

    public ValueTask<PolicyEvaluation> ExplainAsync(ActionProposal proposal, CancellationToken cancellationToken) =>
        _policies.EvaluateAsync(CreateContext(proposal, isExplanation: true), cancellationToken);

    public Task<ProposalResult> GovernAsync(ActionProposal proposal, CancellationToken cancellationToken) =>
        GovernAsync(proposal, decided: null, approvalId: null, throwOnFailure: false, cancellationToken);

    /// <summary>Checks a proposal's arguments with its connector and runs the policy pipeline, journaling nothing.</summary>
    /// <remarks>
    /// For a flow step: when policy lets it run at once the flow journals the proposal and the decision in its own step record, before
    /// the effect; otherwise it hands the decision to <see cref="GovernAsync(ActionProposal, ProposalDecision?, string?, bool, CancellationToken)"/>,
    /// which journals it like any proposal's. Policy runs once per proposal either way (rate limits and budgets count it once).
    /// </remarks>
    public async ValueTask<ProposalDecision> DecideAsync(ActionProposal proposal, CancellationToken cancellationToken)
    {
        if (_catalog.TryGet(proposal.Capability, out ConnectorCatalog.Entry entry))
        {
            try
            {
                entry.Connector.ValidateArguments(proposal.Capability, proposal.Arguments);
            }
            catch (ConnectorArgumentException ex)
            {
                return new ProposalDecision(null, ex.Message);
            }
        }

        PolicyEvaluation evaluation = await _policies.EvaluateAsync(CreateContext(proposal), cancellationToken).ConfigureAwait(false);
        _telemetry.RecordDecision(evaluation.Decision);
        return new ProposalDecision(evaluation, null);
    }

    /// <summary>Governs a proposal; a flow step passes the decision it already took, the approval id derived from its token, and wants the executor's exception to tell transient failures apart.</summary>
    public async Task<ProposalResult> GovernAsync(ActionProposal proposal, ProposalDecision? decided, string? approvalId, bool throwOnFailure, CancellationToken cancellationToken)
    {
        using Activity? activity = _telemetry.ActivitySource.HasListeners() ? _telemetry.ActivitySource.StartActivity($"propose {proposal.Capability}") : null;
        activity?.SetTag("operatoros.capability", proposal.Capability);
        activity?.SetTag("operatoros.proposer", proposal.Proposer);

        await _journal.ProposalCreatedAsync(proposal, cancellationToken).ConfigureAwait(false);

        ProposalDecision decision = decided ?? await DecideAsync(proposal, cancellationToken).ConfigureAwait(false);
        if (decision.Evaluation is not { } evaluation)
        {
            string error = decision.Invalid ?? "the proposal was refused before policy.";
            await _journal.ProposalInvalidAsync(proposal, error, cancellationToken).ConfigureAwait(false);
            return new ProposalResult(proposal, ProposalStatus.Invalid, null) { Error = error };
        }

        PolicyDecision verdict = evaluation.Decision;
        activity?.SetTag("operatoros.verdict", verdict.Verdict.ToString());
        await _journal.PolicyDecidedAsync(proposal, evaluation, cancellationToken).ConfigureAwait(false);
        await _decisions.RecordAsync(proposal, evaluation, _timeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false);

        // The operator acting on an item an agent shadowed is the moment to score the agent.
        await _shadow.ScoreAsync(proposal, cancellationToken).ConfigureAwait(false);

        switch (verdict.Verdict)
        {
            case PolicyVerdict.Execute:
                return await ExecuteAsync(proposal, evaluation, throwOnFailure, cancellationToken).ConfigureAwait(false);

            case PolicyVerdict.NeedsApproval:
                DateTimeOffset now = _timeProvider.GetUtcNow();
                var request = new ApprovalRequest(approvalId ?? ApprovalIds.New(_timeProvider), proposal, verdict, now)
                {
                    ExpiresAt = now + _options.Value.ApprovalExpiry,
                };
                await _approvals.AddAsync(request, cancellationToken).ConfigureAwait(false);
                await _journal.ApprovalRequestedAsync(request, cancellationToken).ConfigureAwait(false);
                _notifier.Publish(request);
                return new ProposalResult(proposal, ProposalStatus.PendingApproval, evaluation) { ApprovalId = request.Id };

            case PolicyVerdict.ShadowOnly:
                await _journal.ActionShadowedAsync(proposal, cancellationToken).ConfigureAwait(false);
                await _shadow.RecordShadowedAsync(proposal, cancellationToken).ConfigureAwait(false);
                return new ProposalResult(proposal, ProposalStatus.Shadowed, evaluation);

            default:
                return new ProposalResult(proposal, ProposalStatus.Denied, evaluation) { Error = verdict.Reason };
        }
    }

    private async Task<ProposalResult> ExecuteAsync(ActionProposal proposal, PolicyEvaluation evaluation, bool throwOnFailure, CancellationToken cancellationToken)
    {
        try
        {
            OperationResult outcome = await _executor.ExecuteAsync(proposal, approvalId: null, cancellationToken).ConfigureAwait(false);
            return new ProposalResult(proposal, ProposalStatus.Executed, evaluation) { Outcome = outcome };
        }
        catch (OperatorOsException ex) when (!throwOnFailure)
        {
            return new ProposalResult(proposal, ProposalStatus.Failed, evaluation) { Error = ex.Message };
        }
    }

    private PolicyContext CreateContext(ActionProposal proposal, bool isExplanation = false)
    {
        CapabilityDescriptor? capability = _catalog.TryGet(proposal.Capability, out ConnectorCatalog.Entry entry) ? entry.Descriptor : null;
        AgentRole? agent = proposal.ProposerKind == ActorKind.Agent ? _agents.Find(proposal.Proposer) : null;
        return new PolicyContext(proposal, capability, agent) { IsExplanation = isExplanation };
    }
}
