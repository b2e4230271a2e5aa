namespace OperatorOs;

/// <summary>Runs every policy on a proposal; the strictest verdict wins, the first of equals names the rule.</summary>
internal sealed class PolicyPipeline
{
    public const string DefaultRule = "default.approval";

    private readonly IPolicy[] _policies;

    public PolicyPipeline(IEnumerable<IPolicy> policies)
    {
        _policies = policies.ToArray();
    }

    public async ValueTask<PolicyEvaluation> EvaluateAsync(PolicyContext context, CancellationToken cancellationToken)
    {
        var verdicts = new List<PolicyDecision>(_policies.Length);
        PolicyDecision? strictest = null;
        foreach (IPolicy policy in _policies)
        {
            PolicyDecision? decision = await policy.EvaluateAsync(context, cancellationToken).ConfigureAwait(false);
            if (decision is null)
            {
                continue;
            }

            verdicts.Add(decision);
            if (strictest is null || decision.Verdict > strictest.Verdict)
            {
                strictest = decision;
            }
        }

        // With no opinion at all the operator decides: approvals are the default, never silent execution.
        strictest ??= PolicyDecision.NeedsApproval(DefaultRule, "No policy ruled on this proposal.");
        return new PolicyEvaluation(strictest, verdicts);
    }
}
