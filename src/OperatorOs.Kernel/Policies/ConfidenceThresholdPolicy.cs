using System.Globalization;

namespace OperatorOs;

/// <summary>Applies the policy file's confidence thresholds: a proposal less confident than the capability's minimum needs approval.</summary>
internal sealed class ConfidenceThresholdPolicy : ICompiledPolicy
{
    private readonly IEffectivePolicySource _policy;

    public ConfidenceThresholdPolicy(IEffectivePolicySource policy)
    {
        _policy = policy;
    }

    public ValueTask<PolicyDecision?> EvaluateAsync(PolicyContext context, CancellationToken cancellationToken = default)
    {
        ActionProposal proposal = context.Proposal;
        if (!_policy.Current.ConfidenceThresholds.TryGetValue(proposal.Capability, out ConfidenceThreshold? threshold))
        {
            return ValueTask.FromResult<PolicyDecision?>(null);
        }

        string confidence = proposal.Confidence.ToString("0.###", CultureInfo.InvariantCulture);
        string minimum = threshold.Minimum.ToString("0.###", CultureInfo.InvariantCulture);
        return ValueTask.FromResult<PolicyDecision?>(proposal.Confidence < threshold.Minimum
            ? PolicyDecision.NeedsApproval(threshold.RuleId, $"Confidence {confidence} is below the minimum of {minimum} for '{proposal.Capability}'.")
            : PolicyDecision.Execute(threshold.RuleId, $"Confidence {confidence} meets the minimum of {minimum} for '{proposal.Capability}'."));
    }

    // The verdict depends on the proposal's confidence: the policy runs wherever the capability has a minimum.
    public PolicyStep Compile(EffectivePolicy policy, in DecisionKey key) =>
        policy.ConfidenceThresholds.ContainsKey(key.CapabilityName) ? PolicyStep.Run : PolicyStep.Fixed(null);
}
