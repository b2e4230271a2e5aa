using Microsoft.Extensions.DependencyInjection;
using OperatorOs.Testing;

namespace OperatorOs.Kernel.Tests.Explain;

public class DecisionRecordsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly AgentRole Scribe = new("scribe", "You keep notes.") { GrantedCapabilities = ["notes.read", "notes.write"] };

    [Fact]
    public async Task AgentProposal_HasARecordWithRationaleInputsConfidenceModelAndEveryVerdict_ByIdAndByItem()
    {
        var model = new ScriptedChatClient("gpt-test")
            .EnqueueToolCall("notes__write", new Dictionary<string, object?> { ["text"] = "hello", ["_confidence"] = 0.8, ["_rationale"] = "the student asked" })
            .EnqueueText("Waiting.");
        await using var harness = new KernelHarness(model: model, build: b => b.AddAgent(Scribe).MapIntentToAgent("note.requested", "scribe"));
        Intent intent = harness.Intent("note.requested");
        IntentResult result = await harness.Kernel.SubmitAsync(intent, Ct);
        string proposalId = result.Proposals[0].Proposal.Id;
        IDecisionRecords records = harness.Services.GetRequiredService<IDecisionRecords>();

        DecisionRecord? pending = await records.GetAsync(proposalId, Ct);
        Assert.NotNull(pending);
        Assert.Equal(("notes.write", "scribe", ActorKind.Agent), (pending.Capability, pending.Proposer, pending.ProposerKind));
        Assert.Equal(("the student asked", 0.8, "gpt-test"), (pending.Rationale, pending.Confidence, pending.ModelId));
        Assert.Equal([$"intent/{intent.Id}"], pending.InputReferences);
        Assert.Equal(PolicyVerdict.NeedsApproval, pending.Decision.Verdict);
        Assert.Equal(result.Proposals[0].Evaluation!.Verdicts.Count, pending.Verdicts.Count);
        Assert.Contains(pending.Verdicts, v => v.RuleId == "scope.granted");
        Assert.Equal(ApprovalStatus.Pending, pending.ApprovalStatus);
        Assert.Null(pending.Outcome);

        _ = await harness.Approvals.ApproveAsync(result.Proposals[0].ApprovalId!, "operator", cancellationToken: Ct);
        DecisionRecord executed = Assert.Single(await records.ListForItemAsync(intent.CorrelationId, Ct));

        Assert.Equal(proposalId, executed.ProposalId);
        Assert.Equal(ApprovalStatus.Approved, executed.ApprovalStatus);
        Assert.NotNull(executed.Outcome);
    }

    [Fact]
    public async Task UnknownIdsAndItems_AreEmpty()
    {
        await using var harness = new KernelHarness();
        IDecisionRecords records = harness.Services.GetRequiredService<IDecisionRecords>();

        Assert.Null(await records.GetAsync("nope", Ct));
        Assert.Empty(await records.ListForItemAsync("nope", Ct));
    }

    [Fact]
    public async Task DeniedProposal_IsExplainedToo()
    {
        await using var harness = new KernelHarness(build: b => b.AddAgent(Scribe));
        ActionProposal proposal = harness.Proposal("billing.refund", """{"amount":5}""", proposer: "scribe", kind: ActorKind.Agent);

        _ = await harness.Kernel.ProposeAsync(proposal, Ct);
        DecisionRecord? record = await harness.Services.GetRequiredService<IDecisionRecords>().GetAsync(proposal.Id, Ct);

        Assert.Equal(PolicyVerdict.Deny, record!.Decision.Verdict);
        Assert.Equal("scope.not-granted", record.Decision.RuleId);
        Assert.Null(record.ApprovalStatus);
    }
}
