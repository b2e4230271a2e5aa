using Microsoft.Extensions.DependencyInjection;

namespace OperatorOs.Kernel.Tests.Trust;

public class TrustLadderPolicyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static KernelHarness Harness(AgentTrustLevel level, Action<OperatorOsOptions>? configure = null) => new(
        o =>
        {
            o.TrustLadder.InitialLevels["scribe"] = level;
            configure?.Invoke(o);
        },
        b => b.AddAgent(new AgentRole("scribe", "Notes.") { GrantedCapabilities = ["notes.read", "notes.write", "mail.send"] }));

    private static ActionProposal Scribe(KernelHarness harness, string capability) =>
        harness.Proposal(capability, proposer: "scribe", kind: ActorKind.Agent);

    [Theory]
    [InlineData(AgentTrustLevel.Observe, "notes.read", PolicyVerdict.ShadowOnly)]
    [InlineData(AgentTrustLevel.Observe, "notes.write", PolicyVerdict.ShadowOnly)]
    [InlineData(AgentTrustLevel.Observe, "mail.send", PolicyVerdict.ShadowOnly)]
    [InlineData(AgentTrustLevel.Propose, "notes.read", PolicyVerdict.Execute)]
    [InlineData(AgentTrustLevel.Propose, "notes.write", PolicyVerdict.NeedsApproval)]
    [InlineData(AgentTrustLevel.Propose, "mail.send", PolicyVerdict.NeedsApproval)]
    [InlineData(AgentTrustLevel.AutoLowRisk, "notes.read", PolicyVerdict.Execute)]
    [InlineData(AgentTrustLevel.AutoLowRisk, "notes.write", PolicyVerdict.Execute)]
    [InlineData(AgentTrustLevel.AutoLowRisk, "mail.send", PolicyVerdict.NeedsApproval)]
    [InlineData(AgentTrustLevel.Trusted, "notes.read", PolicyVerdict.Execute)]
    [InlineData(AgentTrustLevel.Trusted, "notes.write", PolicyVerdict.Execute)]
    [InlineData(AgentTrustLevel.Trusted, "mail.send", PolicyVerdict.Execute)]
    public async Task ExplainAsync_EachLevelAndTier_DecidesByTheLadder(AgentTrustLevel level, string capability, PolicyVerdict expected)
    {
        // Arrange
        await using KernelHarness harness = Harness(level);

        // Act
        PolicyEvaluation evaluation = await harness.Kernel.ExplainAsync(Scribe(harness, capability), Ct);

        // Assert
        Assert.Equal(expected, evaluation.Decision.Verdict);
        PolicyDecision trust = Assert.Single(evaluation.Verdicts, v => v.RuleId.StartsWith("trust.", StringComparison.Ordinal));
        Assert.Equal($"trust.{TrustLadderPolicy.LevelName(level)}.scribe.{capability}", trust.RuleId);
        Assert.Equal(expected, trust.Verdict);
        Assert.DoesNotContain(evaluation.Verdicts, v => v.RuleId.StartsWith("risk-tier.", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(AgentTrustLevel.Observe)]
    [InlineData(AgentTrustLevel.Propose)]
    [InlineData(AgentTrustLevel.AutoLowRisk)]
    [InlineData(AgentTrustLevel.Trusted)]
    public async Task ProposeAsync_UngrantedCapability_IsDeniedAtEveryLevel(AgentTrustLevel level)
    {
        await using KernelHarness harness = Harness(level);

        ProposalResult result = await harness.Kernel.ProposeAsync(Scribe(harness, "billing.refund"), Ct);

        Assert.Equal(ProposalStatus.Denied, result.Status);
        Assert.Equal(CapabilityScopePolicy.NotGrantedRule, result.Evaluation!.Decision.RuleId);
        Assert.Empty(harness.Connector.Effects);
    }

    [Fact]
    public async Task ProposeAsync_Observe_ShadowsEvenReadsAndExecutesNothing()
    {
        await using KernelHarness harness = Harness(AgentTrustLevel.Observe);

        ProposalResult read = await harness.Kernel.ProposeAsync(Scribe(harness, "notes.read"), Ct);
        ProposalResult write = await harness.Kernel.ProposeAsync(Scribe(harness, "notes.write"), Ct);

        Assert.Equal((ProposalStatus.Shadowed, ProposalStatus.Shadowed), (read.Status, write.Status));
        Assert.Empty(harness.Connector.Effects);
        Assert.Empty(await harness.Approvals.ListPendingAsync(Ct));
        Assert.Equal(2, (await harness.EventsAsync()).Count(e => e.Type == JournalEventTypes.ActionShadowed));
    }

    [Fact]
    public async Task ProposeAsync_Trusted_StillHeldByOtherRules()
    {
        // Untrusted arguments on an External capability need approval whatever the agent's level.
        await using KernelHarness harness = Harness(AgentTrustLevel.Trusted);

        ProposalResult result = await harness.Kernel.ProposeAsync(
            harness.Proposal("mail.send", proposer: "scribe", kind: ActorKind.Agent, taint: TrustLevel.Untrusted), Ct);

        Assert.Equal(ProposalStatus.PendingApproval, result.Status);
        Assert.Equal(TaintPolicy.RuleId, result.Evaluation!.Decision.RuleId);
    }

    [Theory]
    [InlineData(PolicyVerdict.Deny)]
    [InlineData(PolicyVerdict.ShadowOnly)]
    public async Task ExplainAsync_TierDefaultDenyOrShadow_StandsEvenWhenTrusted(PolicyVerdict tierDefault)
    {
        await using KernelHarness harness = Harness(AgentTrustLevel.Trusted, o => o.TierDefaults[RiskTier.External] = tierDefault);

        PolicyEvaluation evaluation = await harness.Kernel.ExplainAsync(Scribe(harness, "mail.send"), Ct);

        Assert.Equal((tierDefault, "risk-tier.external"), (evaluation.Decision.Verdict, evaluation.Decision.RuleId));
    }

    [Fact]
    public async Task ExplainAsync_OperatorProposal_KeepsTheTierDefault()
    {
        await using KernelHarness harness = Harness(AgentTrustLevel.Trusted);

        PolicyEvaluation evaluation = await harness.Kernel.ExplainAsync(harness.Proposal("notes.write"), Ct);

        Assert.Equal((PolicyVerdict.NeedsApproval, "risk-tier.internal"), (evaluation.Decision.Verdict, evaluation.Decision.RuleId));
        Assert.DoesNotContain(evaluation.Verdicts, v => v.RuleId.StartsWith("trust.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ExplainAsync_PairLevel_WinsOverAgentLevelAndDefault()
    {
        await using KernelHarness harness = Harness(AgentTrustLevel.Observe, o => o.TrustLadder.InitialLevels["scribe/notes.write"] = AgentTrustLevel.AutoLowRisk);

        PolicyEvaluation write = await harness.Kernel.ExplainAsync(Scribe(harness, "notes.write"), Ct);
        PolicyEvaluation mail = await harness.Kernel.ExplainAsync(Scribe(harness, "mail.send"), Ct);

        Assert.Equal(PolicyVerdict.Execute, write.Decision.Verdict);
        Assert.Equal(PolicyVerdict.ShadowOnly, mail.Decision.Verdict);
    }

    [Fact]
    public async Task ExplainAsync_UnconfiguredAgent_StartsAtPropose()
    {
        await using var harness = new KernelHarness(build: b => b.AddAgent(new AgentRole("clerk", "x") { GrantedCapabilities = ["notes.write"] }));

        PolicyEvaluation evaluation = await harness.Kernel.ExplainAsync(harness.Proposal("notes.write", proposer: "clerk", kind: ActorKind.Agent), Ct);

        Assert.Equal((PolicyVerdict.NeedsApproval, "trust.propose.clerk.notes.write"), (evaluation.Decision.Verdict, evaluation.Decision.RuleId));
        Assert.Equal(AgentTrustLevel.Propose, (await harness.Services.GetRequiredService<ITrustLadder>().GetAsync("clerk", "notes.write", Ct)).Level);
    }
}
