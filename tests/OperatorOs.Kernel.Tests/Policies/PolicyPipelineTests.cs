using Microsoft.Extensions.DependencyInjection;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace OperatorOs.Kernel.Tests.Policies;

public class PolicyPipelineTests
{
    [Property(MaxTest = 200)]
    public bool EvaluateAsync_AnyVerdicts_StrictestWinsAndFirstOfEqualsNamesTheRule(PolicyVerdict?[] verdicts)
    {
        verdicts = verdicts.Where(v => v is null || Enum.IsDefined(v.Value)).ToArray();
        IPolicy[] policies = verdicts.Select((v, i) => (IPolicy)new FixedPolicy(v is null ? null : new PolicyDecision(v.Value, $"rule-{i}", "because"))).ToArray();
        var pipeline = new PolicyPipeline(policies);
        var context = new PolicyContext(new ActionProposal("p1", "notes.write", TestJson.Parse("{}"), "operator", DateTimeOffset.UnixEpoch), null, null);

        PolicyEvaluation evaluation = pipeline.EvaluateAsync(context, CancellationToken.None).AsTask().GetAwaiter().GetResult();

        var ruled = verdicts.Select((v, i) => (v, i)).Where(x => x.v is not null).ToList();
        if (ruled.Count == 0)
        {
            return evaluation.Decision.Verdict == PolicyVerdict.NeedsApproval && evaluation.Decision.RuleId == PolicyPipeline.DefaultRule && evaluation.Verdicts.Count == 0;
        }

        PolicyVerdict strictest = ruled.Max(x => x.v!.Value);
        int first = ruled.First(x => x.v == strictest).i;
        return evaluation.Decision.Verdict == strictest
            && evaluation.Decision.RuleId == $"rule-{first}"
            && evaluation.Verdicts.Count == ruled.Count;
    }

    [Fact]
    public async Task ExplainAsync_ExternalCapability_ListsEveryRuleAndNeedsApproval()
    {
        // Arrange
        await using var harness = new KernelHarness();
        ActionProposal proposal = harness.Proposal("mail.send");

        // Act
        PolicyEvaluation evaluation = await harness.Kernel.ExplainAsync(proposal, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(PolicyVerdict.NeedsApproval, evaluation.Decision.Verdict);
        Assert.Equal("risk-tier.external", evaluation.Decision.RuleId);
        Assert.Contains(evaluation.Verdicts, v => v.RuleId == "risk-tier.external");
        Assert.Empty(await harness.EventsAsync());
        Assert.Empty(harness.Connector.Effects);
    }

    [Theory]
    [InlineData("notes.read", PolicyVerdict.Execute, "risk-tier.read")]
    [InlineData("notes.write", PolicyVerdict.NeedsApproval, "risk-tier.internal")]
    [InlineData("mail.send", PolicyVerdict.NeedsApproval, "risk-tier.external")]
    [InlineData("billing.refund", PolicyVerdict.NeedsApproval, "risk-tier.financial")]
    [InlineData("no.such", PolicyVerdict.Deny, "capability.unknown")]
    public async Task ExplainAsync_DefaultTiers_DecideAsDocumented(string capability, PolicyVerdict expected, string rule)
    {
        await using var harness = new KernelHarness();

        PolicyEvaluation evaluation = await harness.Kernel.ExplainAsync(harness.Proposal(capability), TestContext.Current.CancellationToken);

        Assert.Equal(expected, evaluation.Decision.Verdict);
        Assert.Equal(rule, evaluation.Decision.RuleId);
    }

    [Fact]
    public async Task ExplainAsync_CapabilityTierOverride_UsesTheOperatorsTier()
    {
        await using var harness = new KernelHarness(o =>
        {
            o.CapabilityTiers["notes.read"] = RiskTier.External;
        });

        PolicyEvaluation evaluation = await harness.Kernel.ExplainAsync(harness.Proposal("notes.read"), TestContext.Current.CancellationToken);

        Assert.Equal("risk-tier.external", evaluation.Decision.RuleId);
    }

    [Fact]
    public async Task ProposeAsync_UntrustedArgumentsForExternalCapability_NeedApprovalEvenWhenTheTierExecutes()
    {
        await using var harness = new KernelHarness(o => o.TierDefaults[RiskTier.External] = PolicyVerdict.Execute);

        ProposalResult trusted = await harness.Kernel.ProposeAsync(harness.Proposal("mail.send", taint: TrustLevel.Internal), TestContext.Current.CancellationToken);
        ProposalResult tainted = await harness.Kernel.ProposeAsync(harness.Proposal("mail.send", taint: TrustLevel.Untrusted), TestContext.Current.CancellationToken);

        Assert.Equal(ProposalStatus.Executed, trusted.Status);
        Assert.Equal(ProposalStatus.PendingApproval, tainted.Status);
        Assert.Equal(TaintPolicy.RuleId, tainted.Evaluation!.Decision.RuleId);
        Assert.Single(harness.Connector.Effects);
    }

    [Fact]
    public async Task ProposeAsync_ShadowMode_RecordsWithoutExecuting()
    {
        await using var harness = new KernelHarness(o => o.ShadowMode = true);

        ProposalResult result = await harness.Kernel.ProposeAsync(harness.Proposal("notes.read"), TestContext.Current.CancellationToken);

        Assert.Equal(ProposalStatus.Shadowed, result.Status);
        Assert.Empty(harness.Connector.Effects);
        Assert.Contains(await harness.EventsAsync(), e => e.Type == JournalEventTypes.ActionShadowed);
    }

    [Fact]
    public async Task ProposeAsync_UserPolicyDenies_StrictestWins()
    {
        await using var harness = new KernelHarness(build: b => b.AddPolicy(new FixedPolicy(PolicyDecision.Deny("house.no-reads", "No reads today."))));

        ProposalResult result = await harness.Kernel.ProposeAsync(harness.Proposal("notes.read"), TestContext.Current.CancellationToken);

        Assert.Equal(ProposalStatus.Denied, result.Status);
        Assert.Equal("house.no-reads", result.Evaluation!.Decision.RuleId);
        Assert.Empty(harness.Connector.Effects);
    }

    private sealed class FixedPolicy(PolicyDecision? decision) : IPolicy
    {
        public ValueTask<PolicyDecision?> EvaluateAsync(PolicyContext context, CancellationToken cancellationToken = default) => ValueTask.FromResult(decision);
    }
}
