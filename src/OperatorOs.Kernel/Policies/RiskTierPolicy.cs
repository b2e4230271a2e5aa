using System.Collections.Frozen;
using Microsoft.Extensions.Options;

namespace OperatorOs;

/// <summary>Applies the operator's default decision for the capability's risk tier.</summary>
internal sealed class RiskTierPolicy : IPolicy
{
    private readonly ConnectorCatalog _catalog;
    private readonly FrozenDictionary<RiskTier, PolicyDecision> _decisions;

    public RiskTierPolicy(ConnectorCatalog catalog, IOptions<OperatorOsOptions> options)
    {
        _catalog = catalog;
        _decisions = options.Value.TierDefaults.ToFrozenDictionary(
            pair => pair.Key,
            pair => new PolicyDecision(pair.Value, RuleId(pair.Key), $"{pair.Key} capabilities default to {pair.Value}."));
    }

    public static string RuleId(RiskTier tier) => $"risk-tier.{tier.ToString().ToLowerInvariant()}";

    public ValueTask<PolicyDecision?> EvaluateAsync(PolicyContext context, CancellationToken cancellationToken = default)
    {
        if (context.Capability is null || !_catalog.TryGet(context.Capability.Name, out ConnectorCatalog.Entry entry))
        {
            return ValueTask.FromResult<PolicyDecision?>(null);
        }

        return ValueTask.FromResult<PolicyDecision?>(_decisions[entry.EffectiveTier]);
    }
}
