namespace OperatorOs;

/// <summary>Runs every policy on a proposal; the strictest verdict wins, the first of equals names the rule.</summary>
/// <remarks>
/// Built with the policy in force, the connectors' capabilities and the agent registry (as the kernel builds it), the pipeline
/// evaluates through a <see cref="DecisionTable"/> compiled for the policy in force and rebuilt when a reload replaces it: the
/// stateless verdicts come from the table, the policies that need the proposal, the time or a counter run where one of their rules
/// applies, and policies that are not built in always run. When nothing needs to run, the evaluation is a shared, precomputed one
/// and the call completes synchronously without allocating. A proposal the table does not cover (an unknown capability or agent,
/// a descriptor or role other than the registered one) is evaluated uncompiled, by calling every policy, with the same result.
/// </remarks>
internal sealed class PolicyPipeline
{
    public const string DefaultRule = "default.approval";

    // With no opinion at all the operator decides: approvals are the default, never silent execution.
    private static readonly PolicyDecision NoOpinion = PolicyDecision.NeedsApproval(DefaultRule, "No policy ruled on this proposal.");

    private readonly IPolicy[] _policies;
    private readonly IEffectivePolicySource? _source;
    private readonly ConnectorCatalog? _catalog;
    private readonly AgentRegistry? _agents;
    private volatile DecisionTable? _table;

    /// <summary>Initializes a pipeline that evaluates every proposal uncompiled.</summary>
    public PolicyPipeline(IEnumerable<IPolicy> policies)
    {
        _policies = [.. policies];
    }

    /// <summary>Initializes a pipeline that compiles the policies for the capabilities and agents the kernel knows.</summary>
    /// <remarks>The built-in policies among <paramref name="policies"/> must read <paramref name="source"/>, as the kernel's do.</remarks>
    public PolicyPipeline(IEnumerable<IPolicy> policies, IEffectivePolicySource source, ConnectorCatalog catalog, AgentRegistry agents)
        : this(policies)
    {
        // Two trust ladders deciding side by side is nothing the kernel builds; such a pipeline evaluates uncompiled.
        if (_policies.OfType<TrustLadderPolicy>().Select(p => p.Ladder).Distinct().Count() > 1)
        {
            return;
        }

        _source = source;
        _catalog = catalog;
        _agents = agents;
    }

    public ValueTask<PolicyEvaluation> EvaluateAsync(PolicyContext context, CancellationToken cancellationToken)
    {
        if (Table()?.Find(context) is not { } cell)
        {
            return EvaluateUncompiledAsync(context, cancellationToken);
        }

        TrustLevel taint = context.Proposal.Taint;
        AgentTrustLevel level = default;
        if (cell.Trust is { } slot)
        {
            if (!slot.TryGetFresh(out TrustSnapshot? snapshot))
            {
                return EvaluateAfterReadingTrustAsync(cell, context, cancellationToken);
            }

            level = cell.LevelOf(snapshot);
        }

        return Complete(cell.Plan(taint, level), context, cancellationToken);
    }

    /// <summary>Evaluates by calling every policy, without the decision table: what the table must agree with.</summary>
    public async ValueTask<PolicyEvaluation> EvaluateUncompiledAsync(PolicyContext context, CancellationToken cancellationToken)
    {
        var verdicts = new List<PolicyDecision>(_policies.Length);
        foreach (IPolicy policy in _policies)
        {
            if (await policy.EvaluateAsync(context, cancellationToken).ConfigureAwait(false) is { } decision)
            {
                verdicts.Add(decision);
            }
        }

        return Conclude(verdicts);
    }

    /// <summary>Returns the evaluation of a verdict list: the strictest verdict, the first of equals, or the default approval when there is none.</summary>
    public static PolicyEvaluation Conclude(IReadOnlyList<PolicyDecision> verdicts)
    {
        PolicyDecision? strictest = null;
        foreach (PolicyDecision decision in verdicts)
        {
            if (strictest is null || decision.Verdict > strictest.Verdict)
            {
                strictest = decision;
            }
        }

        return new PolicyEvaluation(strictest ?? NoOpinion, verdicts);
    }

    /// <summary>Returns the table for the policy in force, building it when a reload replaced the policy; <see langword="null"/> when the pipeline does not compile.</summary>
    internal DecisionTable? Table()
    {
        if (_source is null)
        {
            return null;
        }

        EffectivePolicy policy = _source.Current;
        DecisionTable? table = _table;
        if (table is not null && ReferenceEquals(table.Policy, policy))
        {
            return table;
        }

        DecisionTable? built = DecisionTable.Build(policy, _policies, _catalog!.Capabilities, _agents!.Roles);

        // Only a table for the policy still in force is kept: the agent roles it holds were the registry's for that policy.
        if (built is null || !ReferenceEquals(_source.Current, policy))
        {
            return null;
        }

        _table = built;
        return built;
    }

    private ValueTask<PolicyEvaluation> Complete(DecisionPlan? plan, PolicyContext context, CancellationToken cancellationToken)
    {
        if (plan is null)
        {
            return EvaluateUncompiledAsync(context, cancellationToken);
        }

        return plan.Evaluation is { } evaluation ? new ValueTask<PolicyEvaluation>(evaluation) : RunAsync(plan.Steps!, context, cancellationToken);
    }

    private async ValueTask<PolicyEvaluation> EvaluateAfterReadingTrustAsync(DecisionCell cell, PolicyContext context, CancellationToken cancellationToken)
    {
        TrustSnapshot snapshot = await cell.Ladder!.RefreshAsync(cell.Trust!, cancellationToken).ConfigureAwait(false);
        return await Complete(cell.Plan(context.Proposal.Taint, cell.LevelOf(snapshot)), context, cancellationToken).ConfigureAwait(false);
    }

    // Fixed steps give their precomputed verdicts; the policies that need the proposal run, in pipeline order.
    private async ValueTask<PolicyEvaluation> RunAsync(PolicyStep[] steps, PolicyContext context, CancellationToken cancellationToken)
    {
        var verdicts = new List<PolicyDecision>(steps.Length);
        for (int i = 0; i < steps.Length; i++)
        {
            PolicyDecision? decision = steps[i].MustRun
                ? await _policies[i].EvaluateAsync(context, cancellationToken).ConfigureAwait(false)
                : steps[i].Decision;
            if (decision is not null)
            {
                verdicts.Add(decision);
            }
        }

        return Conclude(verdicts);
    }
}
