namespace OperatorOs;

/// <summary>The property names and enum spellings of the policy file, shared by the parser, the writer and the schema test.</summary>
internal static class PolicyFileNames
{
    public const string Schema = "$schema";
    public const string ShadowMode = "shadowMode";
    public const string TierDefaults = "tierDefaults";
    public const string CapabilityTiers = "capabilityTiers";
    public const string Grants = "grants";
    public const string AmountThresholds = "amountThresholds";
    public const string ConfidenceThresholds = "confidenceThresholds";
    public const string RateLimits = "rateLimits";
    public const string QuietHours = "quietHours";
    public const string Trust = "trust";
    public const string Budgets = "budgets";
    public const string Agents = "agents";
    public const string Instructions = "instructions";
    public const string Purpose = "purpose";
    public const string ModelTier = "modelTier";
    public const string Escalation = "escalation";
    public const string ConfidenceThreshold = "confidenceThreshold";
    public const string EscalateTo = "escalateTo";
    public const string UnreportedConfidence = "unreportedConfidence";
    public const string EscalateRiskTiers = "escalateRiskTiers";
    public const string EscalateWhenPolicyHolds = "escalateWhenPolicyHolds";
    public const string MemoryScopes = "memoryScopes";
    public const string ContextTokenBudget = "contextTokenBudget";
    public const string MaxToolIterations = "maxToolIterations";
    public const string Period = "period";
    public const string MaxTokens = "maxTokens";
    public const string MaxCost = "maxCost";

    public const string Mode = "mode";
    public const string Capabilities = "capabilities";
    public const string Capability = "capability";
    public const string Argument = "argument";
    public const string Currency = "currency";
    public const string AutoApproveUpTo = "autoApproveUpTo";
    public const string Minimum = "minimum";
    public const string Scope = "scope";
    public const string Name = "name";
    public const string PermitLimit = "permitLimit";
    public const string Window = "window";
    public const string Exceeded = "exceeded";
    public const string TimeZone = "timeZone";
    public const string From = "from";
    public const string To = "to";
    public const string Levels = "levels";
    public const string PromotionThreshold = "promotionThreshold";
    public const string AutoPromote = "autoPromote";
    public const int MaxPromotionThreshold = 10_000;

    public const string TimeOfDayFormat = "HH:mm";
    public const string WindowFormat = "c";
    public const int MaxPermitLimit = 1_000_000;
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(31);

    public static readonly string[] RootProperties =
        [Schema, ShadowMode, TierDefaults, CapabilityTiers, Grants, AmountThresholds, ConfidenceThresholds, RateLimits, QuietHours, Trust, Budgets, Agents];

    public static string Of(RiskTier tier) => tier switch
    {
        RiskTier.Read => "read",
        RiskTier.Internal => "internal",
        RiskTier.External => "external",
        RiskTier.Financial => "financial",
        _ => "commitment",
    };

    public static string Of(PolicyVerdict verdict) => verdict switch
    {
        PolicyVerdict.Execute => "execute",
        PolicyVerdict.ShadowOnly => "shadowOnly",
        PolicyVerdict.NeedsApproval => "needsApproval",
        _ => "deny",
    };

    public static string Of(AgentTrustLevel level) => level switch
    {
        AgentTrustLevel.Observe => "observe",
        AgentTrustLevel.Propose => "propose",
        AgentTrustLevel.AutoLowRisk => "autoLowRisk",
        _ => "trusted",
    };

    public static bool TryParse(string value, out AgentTrustLevel level)
    {
        foreach (AgentTrustLevel candidate in Enum.GetValues<AgentTrustLevel>())
        {
            if (string.Equals(Of(candidate), value, StringComparison.Ordinal))
            {
                level = candidate;
                return true;
            }
        }

        level = default;
        return false;
    }

    public static string TrustLevels => string.Join(", ", Enum.GetValues<AgentTrustLevel>().Select(l => $"'{Of(l)}'"));

    public static string Of(GrantMode mode) => mode == GrantMode.Replace ? "replace" : "extend";

    public static string Of(RateLimitScope scope) => scope == RateLimitScope.Capability ? "capability" : "agent";

    public static string Of(BudgetScope scope) => scope == BudgetScope.Workflow ? "workflow" : "agent";

    public static string Of(BudgetPeriod period) => period == BudgetPeriod.Month ? "month" : "day";

    public static bool TryParse(string value, out RiskTier tier)
    {
        foreach (RiskTier candidate in Enum.GetValues<RiskTier>())
        {
            if (string.Equals(Of(candidate), value, StringComparison.Ordinal))
            {
                tier = candidate;
                return true;
            }
        }

        tier = default;
        return false;
    }

    public static bool TryParse(string value, out PolicyVerdict verdict)
    {
        foreach (PolicyVerdict candidate in Enum.GetValues<PolicyVerdict>())
        {
            if (string.Equals(Of(candidate), value, StringComparison.Ordinal))
            {
                verdict = candidate;
                return true;
            }
        }

        verdict = default;
        return false;
    }

    public static string Tiers => string.Join(", ", Enum.GetValues<RiskTier>().Select(t => $"'{Of(t)}'"));

    public static string Verdicts => string.Join(", ", Enum.GetValues<PolicyVerdict>().Select(v => $"'{Of(v)}'"));
}
