using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;

namespace OperatorOs.Kernel.Tests.Flows;

public sealed class FlowDecisionRecordsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StepThatRanAtOnce_IsExplainedFromItsFlowRecords_ByIdAndAsItsOwnItem()
    {
        await using var h = new FlowHarness(b => b.AddFlow(FlowHarness.Enrollment()));
        await h.Flows.StartAsync("enrollment", "enr-1", FlowHarness.Json("""{"student":"s42"}"""), cancellationToken: Ct);
        await h.Flows.RaiseAsync("enr-1", "payment.received", FlowHarness.Json("""{"amount":150}"""), Ct);
        string token = OperationToken.ForFlowStep("enr-1", "1.note-payment").Value;
        IDecisionRecords records = h.Kernel.Services.GetRequiredService<IDecisionRecords>();

        DecisionRecord? record = await records.GetAsync(token, Ct);
        IReadOnlyList<DecisionRecord> item = await records.ListForItemAsync(token, Ct);

        Assert.NotNull(record);
        Assert.Equal(("notes.write", "enrollment", ActorKind.Flow), (record.Capability, record.Proposer, record.ProposerKind));
        Assert.True(System.Text.Json.JsonElement.DeepEquals(FlowHarness.Json("""{"student":"s42","paid":150}"""), record.Arguments));
        Assert.Equal((PolicyVerdict.Execute, "risk-tier.internal"), (record.Decision.Verdict, record.Decision.RuleId));
        Assert.Contains(record.Verdicts, v => v.RuleId == "risk-tier.internal");
        Assert.Equal("Flow enrollment v1 takes the step 'note-payment' on 'payment.received' from the state 'awaiting-payment'.", record.Rationale);
        Assert.Equal(["flow/enr-1"], record.InputReferences);
        Assert.Equal(TrustLevel.Internal, record.Taint);
        Assert.Equal("notes.write done", record.Outcome);
        Assert.Null(record.ApprovalId);
        Assert.Equal(token, Assert.Single(item).ProposalId);

        // The flow's records are the step's record: no decision fact and no outcome fact beside them.
        Assert.Null(await h.Kernel.Memory.GetAsync($"decision/{token}", "record", Ct));
        Assert.Null(await h.Kernel.Memory.GetAsync($"action/{token}", "outcome", Ct));
    }

    [Fact]
    public async Task StepsOfAFlowAnIntentStarted_AreListedForTheIntentsItem_WithThoseThatWentThroughApproval()
    {
        FlowDefinition refunds = FlowDefinition.Create("refunds")
            .CorrelateIntents(intent => $"invoice/{intent.Payload.GetProperty("invoice").GetString()}")
            .Initial("open")
            .State("open", s => s
                .On("refund.requested")
                    .Step("note", "notes.write", c => new JsonObject { ["invoice"] = c.Input.GetProperty("invoice").GetString() }, rationale: "The operator wants every request noted.")
                    .TransitionTo("requested"))
            .State("requested", s => s
                .On("refund.confirmed")
                    .Step("pay", "billing.refund", c => new JsonObject { ["invoice"] = c.Input.GetProperty("invoice").GetString(), ["amount"] = c.Payload.GetProperty("amount").GetDecimal() })
                    .TransitionTo("paid"))
            .Terminal("paid")
            .Build();
        await using var h = new FlowHarness(b => b.AddFlow(refunds).MapIntentToFlow("refund.requested", "refunds").MapIntentToFlow("refund.confirmed", "refunds"));
        Intent requested = h.Kernel.Intent("refund.requested", """{"invoice":"7"}""");
        await h.Kernel.Kernel.SubmitAsync(requested, Ct);
        h.Kernel.Clock.Advance(TimeSpan.FromMinutes(1));
        IntentResult confirmed = await h.Kernel.Kernel.SubmitAsync(h.Kernel.Intent("refund.confirmed", """{"invoice":"7","amount":40}"""), Ct);

        IReadOnlyList<DecisionRecord> item = await h.Kernel.Services.GetRequiredService<IDecisionRecords>().ListForItemAsync(requested.CorrelationId, Ct);

        Assert.Equal(ProposalStatus.PendingApproval, Assert.Single(confirmed.Proposals).Status);
        Assert.Equal(["notes.write", "billing.refund"], item.Select(r => r.Capability));
        Assert.Equal("The operator wants every request noted.", item[0].Rationale);
        Assert.Equal(requested.CorrelationId, item[0].CorrelationId);
        Assert.Equal(PolicyVerdict.NeedsApproval, item[1].Decision.Verdict);
        Assert.Equal(ApprovalStatus.Pending, item[1].ApprovalStatus);
    }

    [Fact]
    public async Task StepRetriedAfterATransientFailure_HasOneRecord_TheLatestDecisionWithTheOutcome()
    {
        await using var h = new FlowHarness(b => b.AddFlow(FlowHarness.Enrollment()), o => o.MaxExecutionAttempts = 1);
        await h.Flows.StartAsync("enrollment", "enr-1", FlowHarness.Json("""{"student":"s42"}"""), cancellationToken: Ct);
        int calls = 0;
        h.Connector.ExecuteAsyncCallback = (request, _) => Interlocked.Increment(ref calls) == 1
            ? throw new ConnectorException("test", "the notes service is busy", isTransient: true)
            : Task.FromResult(request.Arguments);
        FlowInstance failed = await h.Flows.RaiseAsync("enr-1", "payment.received", FlowHarness.Json("""{"amount":150}"""), Ct);
        FlowInstance resumed = await h.Flows.ResumeAsync("enr-1", Ct);
        string token = OperationToken.ForFlowStep("enr-1", "1.note-payment").Value;
        IDecisionRecords records = h.Kernel.Services.GetRequiredService<IDecisionRecords>();

        DecisionRecord? record = await records.GetAsync(token, Ct);

        Assert.Equal(FlowStatus.Running, failed.Status);
        Assert.Equal("active", resumed.State);
        Assert.NotNull(record);
        Assert.Equal("notes.write done", record.Outcome);
        Assert.Single(await records.ListForItemAsync(token, Ct));
    }

    [Fact]
    public async Task UnknownFlowTokens_AreNotFound()
    {
        await using var h = new FlowHarness(b => b.AddFlow(FlowHarness.Enrollment()));
        IDecisionRecords records = h.Kernel.Services.GetRequiredService<IDecisionRecords>();

        Assert.Null(await records.GetAsync("flow:nope:1.step", Ct));
        Assert.Null(await records.GetAsync("flow:", Ct));
        Assert.Empty(await records.ListForItemAsync("flow:nope:1.step", Ct));
    }
}
