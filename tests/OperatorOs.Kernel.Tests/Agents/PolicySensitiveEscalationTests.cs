using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using OperatorOs.Testing;

namespace OperatorOs.Kernel.Tests.Agents;

public class PolicySensitiveEscalationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static AgentRole Clerk(AgentEscalation? escalation) => new("clerk", "You keep notes and settle refunds.")
    {
        GrantedCapabilities = ["notes.read", "notes.write", "billing.refund"],
        ModelKey = "small",
        Escalation = escalation,
        MaxToolIterations = 3,
    };

    private static KernelHarness Tiers(ScriptedChatClient small, ScriptedChatClient? large, AgentRole role) =>
        new(
            configure: o =>
            {
                o.Models.Tiers.Add("small");
                o.Models.Tiers.Add("large");
                o.Models.RetryDelay = TimeSpan.Zero;
            },
            build: b => b.AddAgent(role).MapIntentToAgent("note.requested", role.Name),
            services: s =>
            {
                s.AddKeyedSingleton<IChatClient>("small", small);
                if (large is not null)
                {
                    s.AddKeyedSingleton<IChatClient>("large", large);
                }
            });

    private static Dictionary<string, object?> Sure(params (string Key, object? Value)[] arguments)
    {
        var all = arguments.ToDictionary(a => a.Key, a => a.Value);
        all["_confidence"] = 0.99;
        return all;
    }

    private static async Task<JournalEvent?> EscalationAsync(KernelHarness harness) =>
        (await harness.EventsAsync()).SingleOrDefault(e => e.Type == JournalEventTypes.AgentEscalated);

    [Fact]
    public async Task FinancialStep_SureOnTheSmallTier_IsDecidedByTheLargeTier()
    {
        var small = new ScriptedChatClient("small-model").EnqueueToolCall("billing__refund", Sure(("amount", 500)));
        var large = new ScriptedChatClient("large-model").EnqueueToolCall("billing__refund", Sure(("amount", 50))).EnqueueText("refund proposed");
        await using KernelHarness harness = Tiers(small, large, Clerk(new AgentEscalation(0.5) { EscalateTo = "large" }));

        IntentResult result = await harness.Kernel.SubmitAsync(harness.Intent("note.requested"), Ct);

        ProposalResult proposal = Assert.Single(result.Proposals);
        Assert.Equal(50, proposal.Proposal.Arguments.GetProperty("amount").GetInt32());
        Assert.Equal("large-model", proposal.Proposal.ModelId);
        Assert.Single(small.Calls);
        Assert.Equal(2, large.Calls.Count);
        JournalEvent escalated = Assert.IsType<JournalEvent>(await EscalationAsync(harness));
        Assert.Equal("large", escalated.Payload.GetProperty("to").GetString());
        Assert.Contains("Financial", escalated.Payload.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StepThePolicyWouldHold_IsDecidedByTheLargeTier_EvenWithoutRiskTiers()
    {
        // notes.write is Internal, but the default policy holds agent writes for approval.
        var small = new ScriptedChatClient("small-model").EnqueueToolCall("notes__write", Sure(("text", "draft")));
        var large = new ScriptedChatClient("large-model").EnqueueToolCall("notes__write", Sure(("text", "checked"))).EnqueueText("noted");
        await using KernelHarness harness = Tiers(small, large, Clerk(new AgentEscalation(0.5) { EscalateTo = "large", EscalateRiskTiers = [] }));

        IntentResult result = await harness.Kernel.SubmitAsync(harness.Intent("note.requested"), Ct);

        ProposalResult proposal = Assert.Single(result.Proposals);
        Assert.Equal(ProposalStatus.PendingApproval, proposal.Status);
        Assert.Equal("checked", proposal.Proposal.Arguments.GetProperty("text").GetString());
        JournalEvent escalated = Assert.IsType<JournalEvent>(await EscalationAsync(harness));
        Assert.Contains("hold for approval 'notes.write'", escalated.Payload.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RoutineRead_StaysOnTheSmallTier_AndPolicyExplanationTakesNothing()
    {
        var small = new ScriptedChatClient("small-model").EnqueueToolCall("notes__read", Sure()).EnqueueText("read");
        var large = new ScriptedChatClient("large-model").EnqueueText("never");
        await using KernelHarness harness = Tiers(small, large, Clerk(new AgentEscalation(0.5) { EscalateTo = "large" }));

        IntentResult result = await harness.Kernel.SubmitAsync(harness.Intent("note.requested"), Ct);

        Assert.Equal(ProposalStatus.Executed, Assert.Single(result.Proposals).Status);
        Assert.Empty(large.Calls);
        Assert.Null(await EscalationAsync(harness));
        Assert.Equal(1, harness.Connector.ExecuteCalls);
    }

    [Fact]
    public async Task PolicySensitiveRule_Off_KeepsTheStepOnTheSmallTier()
    {
        var small = new ScriptedChatClient("small-model").EnqueueToolCall("billing__refund", Sure(("amount", 5))).EnqueueText("proposed");
        var large = new ScriptedChatClient("large-model").EnqueueText("never");
        var escalation = new AgentEscalation(0.5) { EscalateTo = "large", EscalateRiskTiers = [], EscalateWhenPolicyHolds = false };
        await using KernelHarness harness = Tiers(small, large, Clerk(escalation));

        IntentResult result = await harness.Kernel.SubmitAsync(harness.Intent("note.requested"), Ct);

        Assert.Equal("small-model", Assert.Single(result.Proposals).Proposal.ModelId);
        Assert.Empty(large.Calls);
        Assert.Null(await EscalationAsync(harness));
    }

    [Fact]
    public async Task PolicySensitiveStep_WithNoLargerTier_IsProposedFromTheTierThatRuns()
    {
        var small = new ScriptedChatClient("small-model").EnqueueToolCall("billing__refund", Sure(("amount", 5))).EnqueueText("proposed");
        await using KernelHarness harness = Tiers(small, null, Clerk(new AgentEscalation(0.5) { EscalateTo = "large" }));

        IntentResult result = await harness.Kernel.SubmitAsync(harness.Intent("note.requested"), Ct);

        ProposalResult proposal = Assert.Single(result.Proposals);
        Assert.Equal("small-model", proposal.Proposal.ModelId);
        Assert.Equal(ProposalStatus.PendingApproval, proposal.Status);
        Assert.Equal(2, small.Calls.Count);
        Assert.Null(await EscalationAsync(harness));
    }

    [Fact]
    public async Task UnreportedConfidence_CountsAsUnsure_AndTheLargeTierIsAsked()
    {
        var small = new ScriptedChatClient("small-model").EnqueueToolCall("notes__read", new Dictionary<string, object?>());
        var large = new ScriptedChatClient("large-model").EnqueueToolCall("notes__read", Sure()).EnqueueText("read");
        await using KernelHarness harness = Tiers(small, large, Clerk(new AgentEscalation(0.7) { EscalateTo = "large" }));

        IntentResult result = await harness.Kernel.SubmitAsync(harness.Intent("note.requested"), Ct);

        ProposalResult proposal = Assert.Single(result.Proposals);
        Assert.Equal(("large-model", 0.99), (proposal.Proposal.ModelId, proposal.Proposal.Confidence));
        JournalEvent escalated = Assert.IsType<JournalEvent>(await EscalationAsync(harness));
        Assert.Equal(0, escalated.Payload.GetProperty("confidence").GetDouble());
        Assert.Contains("below the threshold", escalated.Payload.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnreportedConfidence_WithNoTierLeft_GoesToTheOperator()
    {
        var small = new ScriptedChatClient("small-model").EnqueueToolCall("notes__read", new Dictionary<string, object?>()).EnqueueText("asked");
        await using KernelHarness harness = Tiers(small, null, Clerk(new AgentEscalation(0.7)));

        IntentResult result = await harness.Kernel.SubmitAsync(harness.Intent("note.requested"), Ct);

        ProposalResult proposal = Assert.Single(result.Proposals);
        Assert.Equal(ProposalStatus.PendingApproval, proposal.Status);
        Assert.Equal(AgentEscalationPolicy.RuleId, proposal.Evaluation!.Decision.RuleId);
        Assert.Equal(0, harness.Connector.ExecuteCalls);
    }

    [Fact]
    public async Task UnreportedConfidence_SetToOne_TrustsASilentModel()
    {
        var small = new ScriptedChatClient("small-model").EnqueueToolCall("notes__read", new Dictionary<string, object?>()).EnqueueText("read");
        await using KernelHarness harness = Tiers(small, null, Clerk(new AgentEscalation(0.7) { UnreportedConfidence = 1 }));

        IntentResult result = await harness.Kernel.SubmitAsync(harness.Intent("note.requested"), Ct);

        ProposalResult proposal = Assert.Single(result.Proposals);
        Assert.Equal((ProposalStatus.Executed, 1.0), (proposal.Status, proposal.Proposal.Confidence));
    }

    [Fact]
    public async Task WithoutEscalation_UnreportedConfidence_StillCountsAsSure()
    {
        var small = new ScriptedChatClient("small-model").EnqueueToolCall("notes__read", new Dictionary<string, object?>()).EnqueueText("read");
        await using KernelHarness harness = Tiers(small, null, Clerk(null));

        IntentResult result = await harness.Kernel.SubmitAsync(harness.Intent("note.requested"), Ct);

        Assert.Equal(1.0, Assert.Single(result.Proposals).Proposal.Confidence);
    }

    [Fact]
    public void UnreportedConfidence_OutsideZeroToOne_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new AgentEscalation(0.5) { UnreportedConfidence = 1.5 });

    [Fact]
    public void EscalateRiskTiers_Null_Throws() =>
        Assert.Throws<ArgumentNullException>(() => new AgentEscalation(0.5) { EscalateRiskTiers = null! });
}
