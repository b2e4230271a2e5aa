namespace OperatorOs.Abstractions.Tests.Policies;

public class PolicyDecisionTests
{
    public static TheoryData<string, PolicyVerdict> Factories => new()
    {
        { nameof(PolicyDecision.Execute), PolicyVerdict.Execute },
        { nameof(PolicyDecision.ShadowOnly), PolicyVerdict.ShadowOnly },
        { nameof(PolicyDecision.NeedsApproval), PolicyVerdict.NeedsApproval },
        { nameof(PolicyDecision.Deny), PolicyVerdict.Deny },
    };

    [Theory]
    [MemberData(nameof(Factories))]
    public void Factory_RuleAndReason_SetsVerdictRuleAndReason(string factory, PolicyVerdict expected)
    {
        PolicyDecision decision = Create(factory, "risk-tier.external", "visible outside the business");

        Assert.Equal(expected, decision.Verdict);
        Assert.Equal("risk-tier.external", decision.RuleId);
        Assert.Equal("visible outside the business", decision.Reason);
        Assert.Equal($"{expected} by risk-tier.external: visible outside the business", decision.ToString());
    }

    [Theory]
    [MemberData(nameof(Factories))]
    public void Factory_EmptyRuleId_Throws(string factory, PolicyVerdict verdict)
    {
        _ = verdict;

        Assert.Throws<ArgumentException>(() => Create(factory, " ", "reason"));
        Assert.Throws<ArgumentException>(() => Create(factory, string.Empty, "reason"));
        Assert.Throws<ArgumentNullException>(() => Create(factory, null!, "reason"));
    }

    [Theory]
    [MemberData(nameof(Factories))]
    public void Factory_NullReason_ThrowsArgumentNull(string factory, PolicyVerdict verdict)
    {
        _ = verdict;

        Assert.Throws<ArgumentNullException>(() => Create(factory, "rule", null!));
    }

    [Fact]
    public void Constructor_EmptyReason_IsAllowed()
    {
        var decision = new PolicyDecision(PolicyVerdict.Deny, "rule", string.Empty);

        Assert.Equal(string.Empty, decision.Reason);
    }

    [Fact]
    public void PolicyVerdict_Values_AreOrderedByStrictness()
    {
        Assert.True(PolicyVerdict.Execute < PolicyVerdict.ShadowOnly);
        Assert.True(PolicyVerdict.ShadowOnly < PolicyVerdict.NeedsApproval);
        Assert.True(PolicyVerdict.NeedsApproval < PolicyVerdict.Deny);
    }

    private static PolicyDecision Create(string factory, string ruleId, string reason) => factory switch
    {
        nameof(PolicyDecision.Execute) => PolicyDecision.Execute(ruleId, reason),
        nameof(PolicyDecision.ShadowOnly) => PolicyDecision.ShadowOnly(ruleId, reason),
        nameof(PolicyDecision.NeedsApproval) => PolicyDecision.NeedsApproval(ruleId, reason),
        nameof(PolicyDecision.Deny) => PolicyDecision.Deny(ruleId, reason),
        _ => throw new ArgumentOutOfRangeException(nameof(factory), factory, null),
    };
}
