using FsCheck;
using FsCheck.Fluent;

namespace OperatorOs.Kernel.Tests.Policies;

/// <summary>FsCheck generators of valid policy documents and of single rules to add to them.</summary>
public static class PolicyArbitraries
{
    public static readonly string[] Names = ["triage", "billing.refund", "mail.send", "notes.read", "notes.write", "a.b", "x_y.z-1"];

    public static Arbitrary<PolicyDocument> Documents() => Arb.From(DocumentGen());

    public static Gen<string> NameGen() => Gen.Elements(Names);

    public static Gen<AmountThreshold> AmountGen() =>
        from capability in NameGen()
        from argument in Gen.Elements("amount", "total", "sum in cents")
        from currency in Gen.Elements<string?>(null, "EUR", "USD")
        from cents in Gen.Choose(0, 1_000_000)
        select new AmountThreshold(capability, argument, currency, cents / 100m);

    public static Gen<ConfidenceThreshold> ConfidenceGen() =>
        from capability in NameGen()
        from permille in Gen.Choose(0, 1000)
        select new ConfidenceThreshold(capability, permille / 1000.0);

    public static Gen<RateLimitRule> RateGen() =>
        from scope in Gen.Elements(RateLimitScope.Agent, RateLimitScope.Capability)
        from name in NameGen()
        from permits in Gen.Choose(1, 5)
        from seconds in Gen.Choose(1, 86_400)
        from exceeded in Gen.Elements(PolicyVerdict.NeedsApproval, PolicyVerdict.Deny)
        select new RateLimitRule(scope, name, permits, TimeSpan.FromSeconds(seconds), exceeded);

    public static Gen<ModelBudget> BudgetGen() =>
        from scope in Gen.Elements(BudgetScope.Agent, BudgetScope.Workflow)
        from name in Gen.OneOf(NameGen(), Gen.Constant("*"))
        from period in Gen.Elements(BudgetPeriod.Day, BudgetPeriod.Month)
        from tokens in Gen.OneOf(Gen.Constant<long?>(null), Gen.Choose(0, 5_000_000).Select(n => (long?)n))
        from cents in Gen.Choose(0, 100_000)
        select new ModelBudget(scope, name, period) { MaxTokens = tokens, MaxCost = tokens is null || cents % 2 == 0 ? cents / 100m : null };

    public static Gen<AgentDefinition> AgentGen() =>
        from name in Gen.Elements("triage", "grader", "registrar")
        from instructions in Gen.Elements("You answer students.", "Grade with the rubric.\nBe fair.", "")
        from purpose in Gen.Elements<string?>(null, "Answers questions")
        from capabilities in Gen.SubListOf(Names)
        from tier in Gen.Elements<string?>(null, "small", "large")
        from permille in Gen.OneOf(Gen.Constant<int?>(null), Gen.Choose(0, 1000).Select(n => (int?)n))
        from escalateTo in Gen.Elements<string?>(null, "large")
        from scopes in Gen.SubListOf("student/{student}", "course/main")
        from budget in Gen.OneOf(Gen.Constant<int?>(null), Gen.Choose(1, 4000).Select(n => (int?)n))
        from iterations in Gen.OneOf(Gen.Constant<int?>(null), Gen.Choose(1, 100).Select(n => (int?)n))
        select new AgentDefinition(name, instructions)
        {
            Purpose = purpose,
            Capabilities = [.. capabilities.Distinct()],
            ModelTier = tier,
            EscalationThreshold = permille / 1000.0,
            EscalateTo = permille is null ? null : escalateTo,
            MemoryScopes = [.. scopes],
            ContextTokenBudget = budget,
            MaxToolIterations = iterations,
        };

    public static Gen<QuietHours> QuietGen() =>
        from zone in Gen.Elements("UTC", "Europe/Berlin")
        from start in Gen.Choose(0, 1439)
        from length in Gen.Choose(1, 1439)
        select new QuietHours(zone, TimeOnly.FromTimeSpan(TimeSpan.FromMinutes(start)), TimeOnly.FromTimeSpan(TimeSpan.FromMinutes((start + length) % 1440)));

    public static Gen<TrustSettings> TrustGen() =>
        from levels in Gen.ListOf(Gen.Zip(
            Gen.OneOf(NameGen(), Gen.Zip(NameGen(), NameGen()).Select(p => $"{p.Item1}/{p.Item2}")),
            Gen.Elements(Enum.GetValues<AgentTrustLevel>())))
        from threshold in Gen.OneOf(Gen.Constant<int?>(null), Gen.Choose(1, 50).Select(n => (int?)n))
        from auto in Gen.Elements<bool?>(null, false, true)
        select new TrustSettings
        {
            Levels = levels.GroupBy(l => l.Item1).ToDictionary(g => g.Key, g => g.Last().Item2, StringComparer.Ordinal),
            PromotionThreshold = threshold,
            AutoPromote = auto,
        };

    public static Gen<PolicyDocument> DocumentGen() =>
        from schema in Gen.Elements<string?>(null, "./policy.schema.json")
        from shadow in Gen.Elements<bool?>(null, false, true)
        from tiers in Gen.ListOf(Gen.Zip(Gen.Elements(Enum.GetValues<RiskTier>()), Gen.Elements(Enum.GetValues<PolicyVerdict>())))
        from capabilityTiers in Gen.ListOf(Gen.Zip(NameGen(), Gen.Elements(Enum.GetValues<RiskTier>())))
        from grants in Gen.ListOf(Gen.Zip(NameGen(), Gen.Zip(Gen.SubListOf(Names), Gen.Elements(GrantMode.Extend, GrantMode.Replace))))
        from amounts in Gen.ListOf(AmountGen())
        from confidences in Gen.ListOf(ConfidenceGen())
        from rates in Gen.ListOf(RateGen())
        from quiet in Gen.OneOf(Gen.Constant<QuietHours?>(null), QuietGen().Select(q => (QuietHours?)q))
        from trust in Gen.OneOf(Gen.Constant<TrustSettings?>(null), TrustGen().Select(t => (TrustSettings?)t))
        from budgets in Gen.ListOf(BudgetGen())
        from agents in Gen.ListOf(AgentGen())
        select new PolicyDocument
        {
            Schema = schema,
            ShadowMode = shadow,
            TierDefaults = tiers.GroupBy(t => t.Item1).ToDictionary(g => g.Key, g => g.Last().Item2),
            CapabilityTiers = capabilityTiers.GroupBy(t => t.Item1).ToDictionary(g => g.Key, g => g.Last().Item2, StringComparer.Ordinal),
            Grants = grants.GroupBy(g => g.Item1).ToDictionary(g => g.Key, g => new AgentGrant([.. g.Last().Item2.Item1], g.Last().Item2.Item2), StringComparer.Ordinal),
            AmountThresholds = [.. amounts.DistinctBy(a => a.Capability)],
            ConfidenceThresholds = [.. confidences.DistinctBy(c => c.Capability)],
            RateLimits = [.. rates.DistinctBy(r => r.RuleId)],
            QuietHours = quiet,
            Trust = trust,
            Budgets = [.. budgets.DistinctBy(b => (b.Scope, b.Name, b.Period))],
            Agents = agents.GroupBy(a => a.Name).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal),
        };
}
