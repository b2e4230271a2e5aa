namespace OperatorOs;

/// <summary>
/// Decides an agent's proposals by its trust level for the capability, combined with the capability's risk-tier default.
/// For agent proposals <see cref="RiskTierPolicy"/> defers to this policy, so a level can lift an approval the tier asks for.
/// </summary>
/// <remarks>
/// With tier default <c>d</c>: a Deny or ShadowOnly default stands at every level (the ladder never loosens those).
/// Otherwise Observe shadows; Propose needs approval for every tier above Read and leaves Read at <c>d</c>;
/// AutoLowRisk executes Read and Internal and needs approval above; Trusted executes. Every other rule still adds
/// its verdict and the strictest wins, so thresholds, rate limits, taint and quiet hours hold at every level.
/// </remarks>
internal sealed class TrustLadderPolicy : IPolicy
{
    private readonly TrustLadder _ladder;
    private readonly IEffectivePolicySource _policy;

    public TrustLadderPolicy(TrustLadder ladder, IEffectivePolicySource policy)
    {
        _ladder = ladder;
        _policy = policy;
    }

    /// <summary>Gets the ladder whose standings decide.</summary>
    public TrustLadder Ladder => _ladder;

    /// <summary>Returns whether the ladder rules on proposals with a key: an agent's, for a capability a connector offers.</summary>
    public static bool Applies(in DecisionKey key) => key.Capability is not null && key.Agent is not null && key.ByAgent;

    public static string RuleId(AgentTrustLevel level, string agent, string capability) => $"trust.{LevelName(level)}.{agent}.{capability}";

    public static string LevelName(AgentTrustLevel level) => level switch
    {
        AgentTrustLevel.Observe => "observe",
        AgentTrustLevel.Propose => "propose",
        AgentTrustLevel.AutoLowRisk => "auto-low-risk",
        _ => "trusted",
    };

    public static PolicyDecision Decide(AgentTrustLevel level, RiskTier tier, PolicyDecision tierDefault, string agent, string capability)
    {
        if (tierDefault.Verdict is PolicyVerdict.Deny or PolicyVerdict.ShadowOnly)
        {
            return tierDefault;
        }

        PolicyVerdict verdict = level switch
        {
            AgentTrustLevel.Observe => PolicyVerdict.ShadowOnly,
            AgentTrustLevel.Propose => tier == RiskTier.Read ? tierDefault.Verdict : PolicyVerdict.NeedsApproval,
            AgentTrustLevel.AutoLowRisk => tier <= RiskTier.Internal ? PolicyVerdict.Execute : PolicyVerdict.NeedsApproval,
            _ => PolicyVerdict.Execute,
        };
        string reason = $"Agent '{agent}' is at trust level {level} for '{capability}' ({tier}; the tier default is {tierDefault.Verdict}).";
        return new PolicyDecision(verdict, RuleId(level, agent, capability), reason);
    }

    /// <summary>Decides proposals with a key, at a level, under a policy in force; <see langword="null"/> where the ladder does not apply.</summary>
    /// <remarks>The decision table calls it once per level; an evaluation calls it with the level the ladder reports.</remarks>
    public static PolicyDecision? Decide(EffectivePolicy policy, in DecisionKey key, AgentTrustLevel level)
    {
        if (!Applies(key))
        {
            return null;
        }

        RiskTier tier = policy.TierOf(key.Capability!);
        return Decide(level, tier, policy.TierDecision(tier), key.Agent!.Name, key.CapabilityName);
    }

    public ValueTask<PolicyDecision?> EvaluateAsync(PolicyContext context, CancellationToken cancellationToken = default)
    {
        DecisionKey key = DecisionKey.Of(context);
        if (!Applies(key))
        {
            return ValueTask.FromResult<PolicyDecision?>(null);
        }

        EffectivePolicy policy = _policy.Current;
        return DecideAsync(policy, key, _ladder.GetLevelAsync(key.Agent!.Name, key.CapabilityName, cancellationToken));

        static async ValueTask<PolicyDecision?> DecideAsync(EffectivePolicy policy, DecisionKey key, ValueTask<AgentTrustLevel> level) =>
            Decide(policy, key, await level.ConfigureAwait(false));
    }
}
