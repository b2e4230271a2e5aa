using System.Collections.Frozen;

namespace OperatorOs;

/// <summary>The policy in force: the code's <see cref="OperatorOsOptions"/> merged with the operator's policy file, precomputed for lookups.</summary>
/// <remarks>
/// Tier defaults and capability tiers from the file replace the code's values entry by entry; shadow mode is on when either
/// turns it on; file grants extend a role's declared grants, or replace them when the file says <see cref="GrantMode.Replace"/>.
/// Instances are immutable; a reload builds a new one.
/// </remarks>
internal sealed class EffectivePolicy
{
    private readonly FrozenDictionary<RiskTier, PolicyDecision> _tierDecisions;
    private readonly FrozenDictionary<string, RiskTier> _capabilityTiers;
    private readonly FrozenDictionary<string, AgentGrant> _grants;

    public EffectivePolicy(OperatorOsOptions options, PolicyDocument? file)
    {
        Options = options;
        File = file;
        var defaults = new Dictionary<RiskTier, PolicyVerdict>(options.TierDefaults);
        var tiers = new Dictionary<string, RiskTier>(options.CapabilityTiers, StringComparer.Ordinal);
        if (file is not null)
        {
            foreach (KeyValuePair<RiskTier, PolicyVerdict> pair in file.TierDefaults)
            {
                defaults[pair.Key] = pair.Value;
            }

            foreach (KeyValuePair<string, RiskTier> pair in file.CapabilityTiers)
            {
                tiers[pair.Key] = pair.Value;
            }
        }

        _tierDecisions = defaults.ToFrozenDictionary(
            pair => pair.Key,
            pair => new PolicyDecision(pair.Value, RiskTierPolicy.RuleId(pair.Key), $"{pair.Key} capabilities default to {pair.Value}."));
        _capabilityTiers = tiers.ToFrozenDictionary(StringComparer.Ordinal);
        _grants = (file?.Grants ?? new Dictionary<string, AgentGrant>()).ToFrozenDictionary(StringComparer.Ordinal);
        ShadowMode = options.ShadowMode || file?.ShadowMode == true;
        AmountThresholds = (file?.AmountThresholds ?? []).ToFrozenDictionary(t => t.Capability, StringComparer.Ordinal);
        ConfidenceThresholds = (file?.ConfidenceThresholds ?? []).ToFrozenDictionary(t => t.Capability, StringComparer.Ordinal);
        RateLimits = file?.RateLimits ?? [];
        Budgets = [.. options.Models.Budgets, .. file?.Budgets ?? []];
        QuietHours = file?.QuietHours;
        Trust = MergeTrust(options.TrustLadder, file?.Trust);
        if (QuietHours is not null && TimeZoneInfo.TryFindSystemTimeZoneById(QuietHours.TimeZoneId, out TimeZoneInfo? zone))
        {
            QuietHoursZone = zone;
        }
    }

    public OperatorOsOptions Options { get; }

    public PolicyDocument? File { get; }

    public bool ShadowMode { get; }

    /// <summary>Gets the model budgets from code and from the policy file; every one of them must hold.</summary>
    public IReadOnlyList<ModelBudget> Budgets { get; }

    public FrozenDictionary<string, AmountThreshold> AmountThresholds { get; }

    public FrozenDictionary<string, ConfidenceThreshold> ConfidenceThresholds { get; }

    public IReadOnlyList<RateLimitRule> RateLimits { get; }

    public QuietHours? QuietHours { get; }

    /// <summary>Gets the trust ladder settings: the code's, with the file's entries replacing them one by one.</summary>
    public TrustLadderOptions Trust { get; }

    /// <summary>Gets the time zone of the quiet hours, or <see langword="null"/> when there are none or the zone is unknown here.</summary>
    public TimeZoneInfo? QuietHoursZone { get; }

    /// <summary>Returns the risk tier policy uses for a capability: the file's override, else the code's, else the connector's.</summary>
    public RiskTier TierOf(CapabilityDescriptor capability) =>
        _capabilityTiers.TryGetValue(capability.Name, out RiskTier tier) ? tier : capability.RiskTier;

    public PolicyDecision TierDecision(RiskTier tier) => _tierDecisions[tier];

    public bool IsGranted(AgentRole role, string capability)
    {
        if (_grants.TryGetValue(role.Name, out AgentGrant? grant))
        {
            if (grant.Capabilities.Contains(capability, StringComparer.Ordinal))
            {
                return true;
            }

            if (grant.Mode == GrantMode.Replace)
            {
                return false;
            }
        }

        return role.IsGranted(capability);
    }

    /// <summary>Returns every capability the role may propose, in declaration order, without duplicates.</summary>
    public IEnumerable<string> GrantedCapabilities(AgentRole role)
    {
        IEnumerable<string> declared = role.GrantedCapabilities;
        if (!_grants.TryGetValue(role.Name, out AgentGrant? grant))
        {
            return declared;
        }

        return grant.Mode == GrantMode.Replace ? grant.Capabilities : declared.Concat(grant.Capabilities).Distinct(StringComparer.Ordinal);
    }

    private static TrustLadderOptions MergeTrust(TrustLadderOptions code, TrustSettings? file)
    {
        var merged = new TrustLadderOptions
        {
            DefaultLevel = code.DefaultLevel,
            PromotionThreshold = file?.PromotionThreshold ?? code.PromotionThreshold,
            AutoPromote = file?.AutoPromote ?? code.AutoPromote,
            StandingRefreshInterval = code.StandingRefreshInterval,
        };
        foreach (KeyValuePair<string, AgentTrustLevel> pair in code.InitialLevels)
        {
            merged.InitialLevels[pair.Key] = pair.Value;
        }

        foreach (KeyValuePair<string, AgentTrustLevel> pair in file?.Levels ?? new Dictionary<string, AgentTrustLevel>())
        {
            merged.InitialLevels[pair.Key] = pair.Value;
        }

        return merged;
    }
}
