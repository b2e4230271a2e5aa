using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static OperatorOs.Kernel.Tests.Policies.PolicyFileFixtures;

namespace OperatorOs.Kernel.Tests.Policies;

public class FilePoliciesTests
{
    private static readonly PolicyDocument Refunds = new()
    {
        AmountThresholds = [new AmountThreshold("billing.refund", "amount", "EUR", 50m)],
    };

    [Theory]
    [InlineData("""{"amount": 49.99}""", PolicyVerdict.Execute, "within")]
    [InlineData("""{"amount": 50}""", PolicyVerdict.Execute, "within")]
    [InlineData("""{"amount": 50.01}""", PolicyVerdict.NeedsApproval, "above")]
    [InlineData("""{"amount": 20, "currency": "eur"}""", PolicyVerdict.Execute, "within")]
    [InlineData("""{"amount": 20, "currency": "USD"}""", PolicyVerdict.NeedsApproval, "not EUR")]
    [InlineData("""{"amount": -5}""", PolicyVerdict.NeedsApproval, "negative")]
    [InlineData("""{"amount": "20"}""", PolicyVerdict.NeedsApproval, "not a number")]
    [InlineData("""{"total": 20}""", PolicyVerdict.NeedsApproval, "missing")]
    public void AmountThresholdPolicy_Amounts_DecideAgainstTheThreshold(string arguments, PolicyVerdict expected, string reason)
    {
        var policy = new AmountThresholdPolicy(new FixedSource(Refunds));

        PolicyDecision decision = Evaluate(policy, Context("billing.refund", arguments))!;

        Assert.Equal(expected, decision.Verdict);
        Assert.Equal("amount.billing.refund", decision.RuleId);
        Assert.Contains(reason, decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AmountThresholdPolicy_OtherCapability_HasNoOpinion()
    {
        var policy = new AmountThresholdPolicy(new FixedSource(Refunds));

        Assert.Null(Evaluate(policy, Context("mail.send", """{"amount": 1000}""")));
    }

    [Theory]
    [InlineData(0.79, PolicyVerdict.NeedsApproval)]
    [InlineData(0.8, PolicyVerdict.Execute)]
    [InlineData(1.0, PolicyVerdict.Execute)]
    public void ConfidenceThresholdPolicy_Confidence_BelowMinimumNeedsApproval(double confidence, PolicyVerdict expected)
    {
        var policy = new ConfidenceThresholdPolicy(new FixedSource(new PolicyDocument { ConfidenceThresholds = [new ConfidenceThreshold("mail.send", 0.8)] }));

        PolicyDecision decision = Evaluate(policy, Context("mail.send", confidence: confidence))!;

        Assert.Equal(expected, decision.Verdict);
        Assert.Equal("confidence.mail.send", decision.RuleId);
        Assert.Null(Evaluate(policy, Context("notes.read", confidence: 0)));
    }

    [Fact]
    public void RateLimitPolicy_AgentOverTheLimit_NeedsApprovalUntilTheWindowPasses()
    {
        var clock = new FakeTimeProvider(Noon);
        var policy = new RateLimitPolicy(
            new FixedSource(new PolicyDocument { RateLimits = [new RateLimitRule(RateLimitScope.Agent, "triage", 2, TimeSpan.FromMinutes(1))] }),
            clock);
        PolicyContext Triage() => Context("mail.send", proposer: "triage", kind: ActorKind.Agent);

        PolicyVerdict[] first = [.. Enumerable.Range(0, 3).Select(_ => Evaluate(policy, Triage())!.Verdict)];
        PolicyDecision third = Evaluate(policy, Triage())!;
        clock.Advance(TimeSpan.FromSeconds(59));
        PolicyVerdict stillOver = Evaluate(policy, Triage())!.Verdict;
        clock.Advance(TimeSpan.FromSeconds(1));
        PolicyVerdict nextWindow = Evaluate(policy, Triage())!.Verdict;

        Assert.Equal([PolicyVerdict.Execute, PolicyVerdict.Execute, PolicyVerdict.NeedsApproval], first);
        Assert.Equal("rate.agent.triage", third.RuleId);
        Assert.Contains("Over the limit of 2", third.Reason, StringComparison.Ordinal);
        Assert.Equal(PolicyVerdict.NeedsApproval, stillOver);
        Assert.Equal(PolicyVerdict.Execute, nextWindow);
        Assert.Null(Evaluate(policy, Context("mail.send", proposer: "triage", kind: ActorKind.Operator)));
    }

    [Fact]
    public void RateLimitPolicy_Explanations_DoNotTakePermits()
    {
        var clock = new FakeTimeProvider(Noon);
        var policy = new RateLimitPolicy(
            new FixedSource(new PolicyDocument { RateLimits = [new RateLimitRule(RateLimitScope.Capability, "billing.refund", 1, TimeSpan.FromDays(1), PolicyVerdict.Deny)] }),
            clock);
        PolicyContext context = Context("billing.refund", proposer: "alice");

        PolicyVerdict[] explained = [.. Enumerable.Range(0, 3).Select(_ => Evaluate(policy, new PolicyContext(context.Proposal, context.Capability, context.Agent) { IsExplanation = true })!.Verdict)];
        PolicyVerdict first = Evaluate(policy, context)!.Verdict;
        PolicyVerdict explainedAfter = Evaluate(policy, new PolicyContext(context.Proposal, context.Capability, context.Agent) { IsExplanation = true })!.Verdict;

        Assert.Equal([PolicyVerdict.Execute, PolicyVerdict.Execute, PolicyVerdict.Execute], explained);
        Assert.Equal(PolicyVerdict.Execute, first);
        Assert.Equal(PolicyVerdict.Deny, explainedAfter);
    }

    [Fact]
    public void RateLimitPolicy_CapabilityLimitConfiguredToDeny_DeniesWhoeverProposes()
    {
        var clock = new FakeTimeProvider(Noon);
        var policy = new RateLimitPolicy(
            new FixedSource(new PolicyDocument { RateLimits = [new RateLimitRule(RateLimitScope.Capability, "billing.refund", 1, TimeSpan.FromDays(1), PolicyVerdict.Deny)] }),
            clock);

        PolicyDecision first = Evaluate(policy, Context("billing.refund", proposer: "alice"))!;
        PolicyDecision second = Evaluate(policy, Context("billing.refund", proposer: "triage", kind: ActorKind.Agent))!;

        Assert.Equal(PolicyVerdict.Execute, first.Verdict);
        Assert.Equal(PolicyVerdict.Deny, second.Verdict);
        Assert.Equal("rate.capability.billing.refund", second.RuleId);
        Assert.Null(Evaluate(policy, Context("mail.send")));
    }

    [Theory]
    [InlineData(21, 59, "mail.send", null)]
    [InlineData(22, 0, "mail.send", PolicyVerdict.NeedsApproval)]
    [InlineData(3, 30, "billing.refund", PolicyVerdict.NeedsApproval)]
    [InlineData(6, 59, "mail.send", PolicyVerdict.NeedsApproval)]
    [InlineData(7, 0, "mail.send", null)]
    [InlineData(23, 0, "notes.write", null)]
    public void QuietHoursPolicy_LocalTime_HoldsRiskyActionsInsideTheHours(int hour, int minute, string capability, PolicyVerdict? expected)
    {
        // Europe/Berlin is UTC+2 on 1 September (summer time).
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 9, 1, hour, minute, 0, TimeSpan.FromHours(2)));
        var policy = new QuietHoursPolicy(new FixedSource(new PolicyDocument { QuietHours = new QuietHours("Europe/Berlin", new TimeOnly(22, 0), new TimeOnly(7, 0)) }), clock);

        PolicyDecision? decision = Evaluate(policy, Context(capability));

        Assert.Equal(expected, decision?.Verdict);
        if (decision is not null)
        {
            Assert.Equal("quiet-hours", decision.RuleId);
        }
    }

    [Fact]
    public async Task ExplainAsync_PolicyFileTiersGrantsAndShadow_FeedTheBuiltInPolicies()
    {
        // Arrange
        using var directory = new TempDirectory();
        string path = directory.Write("policies.json", """
            {
              "tierDefaults": { "financial": "execute" },
              "capabilityTiers": { "notes.read": "external" },
              "grants": { "scribe": { "capabilities": ["mail.send"] }, "clerk": { "mode": "replace", "capabilities": ["notes.read"] } },
              "amountThresholds": [ { "capability": "billing.refund", "argument": "amount", "autoApproveUpTo": 50 } ],
            }
            """);
        await using var harness = new KernelHarness(
            o => o.PolicyFile = path,
            b => b.AddAgent(new AgentRole("scribe", "Notes.") { GrantedCapabilities = ["notes.write"] })
                .AddAgent(new AgentRole("clerk", "Clerk.") { GrantedCapabilities = ["notes.write"] }));
        CancellationToken ct = TestContext.Current.CancellationToken;

        // Act
        PolicyEvaluation smallRefund = await harness.Kernel.ExplainAsync(harness.Proposal("billing.refund", """{"amount": 10}"""), ct);
        PolicyEvaluation bigRefund = await harness.Kernel.ExplainAsync(harness.Proposal("billing.refund", """{"amount": 80}"""), ct);
        PolicyEvaluation read = await harness.Kernel.ExplainAsync(harness.Proposal("notes.read"), ct);
        PolicyEvaluation scribeMail = await harness.Kernel.ExplainAsync(harness.Proposal("mail.send", proposer: "scribe", kind: ActorKind.Agent), ct);
        PolicyEvaluation scribeNote = await harness.Kernel.ExplainAsync(harness.Proposal("notes.write", proposer: "scribe", kind: ActorKind.Agent), ct);
        PolicyEvaluation clerkNote = await harness.Kernel.ExplainAsync(harness.Proposal("notes.write", proposer: "clerk", kind: ActorKind.Agent), ct);

        // Assert
        Assert.Equal(PolicyVerdict.Execute, smallRefund.Decision.Verdict);
        Assert.Contains(smallRefund.Verdicts, v => v.RuleId == "amount.billing.refund");
        Assert.Equal(("amount.billing.refund", PolicyVerdict.NeedsApproval), (bigRefund.Decision.RuleId, bigRefund.Decision.Verdict));
        Assert.Equal("risk-tier.external", read.Decision.RuleId);
        Assert.Contains(scribeMail.Verdicts, v => v.RuleId == CapabilityScopePolicy.GrantedRule);
        Assert.Contains(scribeNote.Verdicts, v => v.RuleId == CapabilityScopePolicy.GrantedRule);
        Assert.Equal((CapabilityScopePolicy.NotGrantedRule, PolicyVerdict.Deny), (clerkNote.Decision.RuleId, clerkNote.Decision.Verdict));
    }

    [Fact]
    public async Task ProposeAsync_PolicyFileShadowMode_ShadowsEvenWhenTheCodeDoesNot()
    {
        using var directory = new TempDirectory();
        string path = directory.Write("policies.json", """{ "shadowMode": true }""");
        await using var harness = new KernelHarness(o => o.PolicyFile = path);

        ProposalResult result = await harness.Kernel.ProposeAsync(harness.Proposal("notes.read"), TestContext.Current.CancellationToken);

        Assert.Equal(ProposalStatus.Shadowed, result.Status);
        Assert.Empty(harness.Connector.Effects);
    }
}
