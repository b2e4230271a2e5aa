namespace OperatorOs;

/// <summary>In shadow mode (turned on by the code or the policy file), records every action instead of executing it.</summary>
internal sealed class ShadowModePolicy : ICompiledPolicy
{
    public const string RuleId = "shadow-mode";

    private readonly IEffectivePolicySource _policy;

    public ShadowModePolicy(IEffectivePolicySource policy)
    {
        _policy = policy;
    }

    public ValueTask<PolicyDecision?> EvaluateAsync(PolicyContext context, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Decide(_policy.Current));

    public PolicyStep Compile(EffectivePolicy policy, in DecisionKey key) => PolicyStep.Fixed(Decide(policy));

    private static PolicyDecision? Decide(EffectivePolicy policy) =>
        policy.ShadowMode ? PolicyDecision.ShadowOnly(RuleId, "Shadow mode is on: the action is recorded, not executed.") : null;
}
