using Microsoft.Extensions.DependencyInjection;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace OperatorOs.Testing.Tests;

public class ScenarioApprovalTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly AgentRole Bursar = new("bursar", "You handle students' payments.") { GrantedCapabilities = ["billing.refund", "notes.write"] };

    private static OperatorScenario Scenario(ScriptedChatClient model) => OperatorScenario.Create(s => s
        .WithCapability("billing.refund", RiskTier.Financial)
        .WithCapability("notes.write", RiskTier.Internal)
        .WithModel(model)
        .WithOptions(o =>
        {
            o.TierDefaults[RiskTier.Internal] = PolicyVerdict.Execute;
            o.TrustLadder.DefaultLevel = AgentTrustLevel.AutoLowRisk;
        })
        .WithKernel(k => k.AddAgent(Bursar).MapIntentToAgent("student.payment", "bursar")));

    private static Dictionary<string, object?> Refund(int amount) => new() { ["student"] = "s-17", ["amount"] = amount };

    private static string LastUpdate(ScriptedChatClient model) =>
        model.Calls[^1].Messages.Last(m => m.Role == ChatRole.User).Text;

    [Fact]
    public async Task ApproveAsync_TheCheckpointedRunContinues_AndTheModelSeesTheOutcome()
    {
        var model = new ScriptedChatClient()
            .EnqueueToolCall("billing__refund", Refund(20))
            .EnqueueText("The refund waits for the operator.")
            .EnqueueToolCall("notes__write", new Dictionary<string, object?> { ["text"] = "refunded 20" })
            .EnqueueText("Refunded and noted.");
        await using OperatorScenario scenario = Scenario(model);

        await scenario.SubmitAsync("student.payment", """{"text":"please refund my fee"}""", cancellationToken: Ct);
        ApprovalRequest pending = await scenario.ExpectPendingApprovalAsync("billing.refund", Ct);
        scenario.ExpectNoEffect("billing.refund");
        Assert.Equal(2, model.Calls.Count);

        ApprovalRequest approved = await scenario.ApproveAsync(pending.Id, cancellationToken: Ct);

        Assert.Equal(ApprovalStatus.Approved, approved.Status);
        Assert.Equal(4, model.Calls.Count);
        Assert.Contains("billing.refund", LastUpdate(model), StringComparison.Ordinal);
        Assert.Contains("approved and done: billing.refund done", model.Calls[2].Messages.Last(m => m.Role == ChatRole.User).Text, StringComparison.Ordinal);
        scenario.ExpectEffect("billing.refund");
        scenario.ExpectEffect("notes.write");
        await scenario.ExpectNoPendingApprovalAsync(cancellationToken: Ct);

        // The resumed run's proposal is the scenario's too, read back from the journal.
        IReadOnlyList<ScenarioProposal> proposals = await scenario.GetProposalsAsync(Ct);
        Assert.Equal(["billing.refund", "notes.write"], proposals.Select(p => p.Capability));
        Assert.Equal(ApprovalStatus.Approved, proposals[0].Approval!.Status);
        Assert.Equal("billing.refund done", proposals[0].Outcome);
        Assert.All(proposals, p => Assert.Equal("bursar", p.Proposer));
        Assert.Single(await scenario.ExpectDecisionAsync("notes.write", PolicyVerdict.Execute, Ct));
    }

    [Fact]
    public async Task RejectAsync_TheRunContinues_ToldWhyAndThatNothingHappened()
    {
        var model = new ScriptedChatClient()
            .EnqueueToolCall("billing__refund", Refund(900))
            .EnqueueText("Waiting.")
            .EnqueueText("Understood, no refund.");
        await using OperatorScenario scenario = Scenario(model);
        await scenario.SubmitAsync("student.payment", cancellationToken: Ct);

        ApprovalRequest rejected = await scenario.RejectAsync(r => r.Proposal.Capability == "billing.refund", "over the refund limit", Ct);

        Assert.Equal(ApprovalStatus.Rejected, rejected.Status);
        Assert.Equal(3, model.Calls.Count);
        Assert.Contains("rejected (over the refund limit). It was not done.", LastUpdate(model), StringComparison.Ordinal);
        scenario.ExpectNoEffect("billing.refund");
        ScenarioProposal proposal = Assert.Single(await scenario.ExpectDecisionAsync("billing.refund", PolicyVerdict.NeedsApproval, Ct));
        Assert.Equal(ApprovalStatus.Rejected, proposal.Approval!.Status);
        Assert.Null(proposal.Outcome);
    }

    [Fact]
    public async Task EditAndApproveAsync_ExecutesTheCorrectedArguments_AndTellsTheModel()
    {
        var model = new ScriptedChatClient()
            .EnqueueToolCall("billing__refund", Refund(200))
            .EnqueueText("Waiting.")
            .EnqueueText("Refunded what the operator allowed.");
        await using OperatorScenario scenario = Scenario(model);
        await scenario.SubmitAsync("student.payment", cancellationToken: Ct);
        ApprovalRequest pending = await scenario.ExpectPendingApprovalAsync("billing.refund", Ct);

        await scenario.EditAndApproveAsync(pending.Id, """{"student":"s-17","amount":50}""", Ct);

        OperationRequest effect = Assert.Single(scenario.ExpectEffect("billing.refund"));
        Assert.Equal(50, effect.Arguments.GetProperty("amount").GetInt32());
        Assert.Contains("approved with corrected arguments and done", LastUpdate(model), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EditAndApproveAsync_ArgumentsNotJson_AreRefusedAndNothingIsDecided()
    {
        var model = new ScriptedChatClient()
            .EnqueueToolCall("billing__refund", Refund(200))
            .EnqueueText("Waiting.");
        await using OperatorScenario scenario = Scenario(model);
        await scenario.SubmitAsync("student.payment", cancellationToken: Ct);
        ApprovalRequest pending = await scenario.ExpectPendingApprovalAsync("billing.refund", Ct);

        await Assert.ThrowsAnyAsync<System.Text.Json.JsonException>(() => scenario.EditAndApproveAsync(pending.Id, """{"amount":""", Ct));

        Assert.Equal(pending.Id, (await scenario.ExpectPendingApprovalAsync("billing.refund", Ct)).Id);
        scenario.ExpectNoEffect("billing.refund");
    }

    [Fact]
    public async Task ApproveAsync_WhileAnotherApprovalOfTheRunWaits_TheRunWaitsToo()
    {
        var model = new ScriptedChatClient()
            .Enqueue(new ChatResponse(new ChatMessage(ChatRole.Assistant,
            [
                new FunctionCallContent("c-1", "billing__refund", Refund(10)),
                new FunctionCallContent("c-2", "billing__refund", Refund(15)),
            ])))
            .EnqueueText("Both wait.")
            .EnqueueText("Both refunded.");
        await using OperatorScenario scenario = Scenario(model);
        await scenario.SubmitAsync("student.payment", cancellationToken: Ct);
        IReadOnlyList<ApprovalRequest> pending = await scenario.GetPendingApprovalsAsync(Ct);
        Assert.Equal(2, pending.Count);
        await Assert.ThrowsAsync<ScenarioAssertionException>(() => scenario.ExpectPendingApprovalAsync("billing.refund", Ct));

        await scenario.ApproveAsync(pending[0].Id, cancellationToken: Ct);
        Assert.Equal(2, model.Calls.Count);

        await scenario.ApproveAsync(r => r.Proposal.Capability == "billing.refund", Ct);
        Assert.Equal(3, model.Calls.Count);
        scenario.ExpectEffect("billing.refund", 2);
    }

    [Fact]
    public async Task ApprovalExpectations_FailWithWhatWaits()
    {
        var model = new ScriptedChatClient().EnqueueToolCall("billing__refund", Refund(20)).EnqueueText("Waiting.");
        await using OperatorScenario scenario = Scenario(model);
        await scenario.SubmitAsync("student.payment", cancellationToken: Ct);

        ScenarioAssertionException none = await Assert.ThrowsAsync<ScenarioAssertionException>(() => scenario.ExpectPendingApprovalAsync("notes.write", Ct));
        Assert.Contains("billing.refund by bursar, Pending", none.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ScenarioAssertionException>(() => scenario.ExpectNoPendingApprovalAsync("billing.refund", Ct));
        await scenario.ExpectNoPendingApprovalAsync("notes.write", Ct);
        await Assert.ThrowsAsync<ScenarioAssertionException>(() => scenario.ApproveAsync(r => r.Proposal.Capability == "notes.write", Ct));
        await Assert.ThrowsAsync<ApprovalNotFoundException>(() => scenario.ApproveAsync("no-such-approval", cancellationToken: Ct));
    }

    [Fact]
    public async Task FlowSteps_AreTheScenariosProposals_AndApprovingAStepContinuesTheFlow()
    {
        FlowDefinition refunds = FlowDefinition.Create("refunds")
            .CorrelateIntents(intent => $"invoice/{intent.Payload.GetProperty("invoice").GetString()}")
            .Initial("open")
            .State("open", s => s
                .On("refund.requested")
                    .Step("note", "notes.write", c => new JsonObject { ["invoice"] = c.Input.GetProperty("invoice").GetString() })
                    .TransitionTo("requested"))
            .State("requested", s => s
                .On("refund.confirmed")
                    .Step("pay", "billing.refund", c => new JsonObject { ["invoice"] = c.Input.GetProperty("invoice").GetString(), ["amount"] = c.Payload.GetProperty("amount").GetDecimal() })
                    .TransitionTo("paid"))
            .Terminal("paid")
            .Build();
        await using OperatorScenario scenario = OperatorScenario.Create(s => s
            .WithCapability("billing.refund", RiskTier.Financial)
            .WithCapability("notes.write", RiskTier.Internal)
            .WithOptions(o => o.TierDefaults[RiskTier.Internal] = PolicyVerdict.Execute)
            .WithKernel(k => k.AddFlow(refunds).MapIntentToFlow("refund.requested", "refunds").MapIntentToFlow("refund.confirmed", "refunds")));

        await scenario.SubmitAsync("refund.requested", """{"invoice":"2026-000007"}""", cancellationToken: Ct);
        await scenario.SubmitAsync("refund.confirmed", """{"invoice":"2026-000007","amount":40}""", cancellationToken: Ct);
        ApprovalRequest pay = await scenario.ExpectPendingApprovalAsync("billing.refund", Ct);
        IFlowRuntime flows = scenario.Services.GetRequiredService<IFlowRuntime>();
        Assert.Equal(FlowStatus.AwaitingApproval, Assert.Single(await flows.ListAsync(cancellationToken: Ct)).Status);

        await scenario.ApproveAsync(pay.Id, cancellationToken: Ct);

        // The instance went on to its terminal state: no unfinished instance is left.
        Assert.Empty(await flows.ListAsync(cancellationToken: Ct));

        IReadOnlyList<ScenarioProposal> proposals = await scenario.GetProposalsAsync(Ct);
        // Both were decided at the same instant of the fake clock; records of one instant list the kernel's before flow steps that ran at once.
        Assert.Equal(["billing.refund", "notes.write"], proposals.Select(p => p.Capability).Order(StringComparer.Ordinal));
        Assert.All(proposals, p => Assert.Equal(ActorKind.Flow, p.Record.ProposerKind));
        Assert.Equal(PolicyVerdict.Execute, proposals.Single(p => p.Capability == "notes.write").Decision.Verdict);
        Assert.Equal("notes.write done", proposals.Single(p => p.Capability == "notes.write").Outcome);
        Assert.Equal(ApprovalStatus.Approved, proposals.Single(p => p.Capability == "billing.refund").Approval!.Status);
        scenario.ExpectEffect("notes.write");
        scenario.ExpectEffect("billing.refund");
    }
}
