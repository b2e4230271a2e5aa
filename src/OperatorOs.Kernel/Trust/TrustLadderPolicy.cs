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

    /// <summary>Returns whether the ladder rules on a proposal: an agent's, for a capability a connector offers.</summary>
    public static bool Applies(PolicyContext context) =>
        context.Capability is not null && context.Agent is not null && context.Proposal.ProposerKind == ActorKind.Agent;

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

    public async ValueTask<PolicyDecision?> EvaluateAsync(PolicyContext context, CancellationToken cancellationToken = default)
    {
        if (!Applies(context))
        {
            return null;
        }

        EffectivePolicy policy = _policy.Current;
        RiskTier tier = policy.TierOf(context.Capability!);
        TrustStanding standing = await _ladder.GetAsync(context.Agent!.Name, context.Proposal.Capability, cancellationToken).ConfigureAwait(false);
        return Decide(standing.Level, tier, policy.TierDecision(tier), standing.Agent, standing.Capability);
    }
}
