using OperatorOs;

namespace TeachingAssistant.Reporting;

/// <summary>What the journal audit checks effects against: capability tiers, agent grants, the refund threshold, and the items flagged as injection attempts.</summary>
internal sealed class AuditRules
{
    private readonly IReadOnlyDictionary<string, RiskTier> _tiers;
    private readonly IReadOnlyDictionary<string, IReadOnlySet<string>> _grants;
    private readonly IReadOnlySet<string> _flagged;

    public AuditRules(IReadOnlyDictionary<string, RiskTier> tiers, IReadOnlyDictionary<string, IReadOnlySet<string>> grants, decimal refundThreshold, IReadOnlySet<string> flagged)
    {
        _tiers = tiers;
        _grants = grants;
        _flagged = flagged;
        RefundThreshold = refundThreshold;
    }

    public decimal RefundThreshold { get; }

    /// <summary>Builds the rules the kernel applies: connector tiers with the policy file's overrides, role grants with the file's, and its refund threshold.</summary>
    public static AuditRules From(IEnumerable<Connector> connectors, IEnumerable<AgentRole> roles, PolicyDocument? policy, IReadOnlySet<string> flagged)
    {
        var tiers = new Dictionary<string, RiskTier>(StringComparer.Ordinal);
        foreach (CapabilityDescriptor capability in connectors.SelectMany(c => c.Capabilities))
        {
            tiers[capability.Name] = policy?.CapabilityTiers.TryGetValue(capability.Name, out RiskTier tier) == true ? tier : capability.RiskTier;
        }

        var grants = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        foreach (AgentRole role in roles)
        {
            IEnumerable<string> granted = role.GrantedCapabilities;
            if (policy?.Grants.TryGetValue(role.Name, out AgentGrant? grant) == true)
            {
                granted = grant.Mode == GrantMode.Replace ? grant.Capabilities : granted.Concat(grant.Capabilities);
            }

            grants[role.Name] = granted.ToHashSet(StringComparer.Ordinal);
        }

        decimal threshold = policy?.AmountThresholds.FirstOrDefault(t => t.Capability == "billing.refund")?.AutoApproveUpTo ?? 0;
        return new AuditRules(tiers, grants, threshold, flagged);
    }

    // A capability no connector offers is treated as the riskiest, so an effect through it is never waved through.
    public RiskTier TierOf(string capability) => _tiers.TryGetValue(capability, out RiskTier tier) ? tier : RiskTier.Commitment;

    public bool IsGranted(string agent, string capability) => _grants.TryGetValue(agent, out IReadOnlySet<string>? granted) && granted.Contains(capability);

    public bool IsFlagged(string? correlationId) => correlationId is not null && _flagged.Contains(correlationId);
}
