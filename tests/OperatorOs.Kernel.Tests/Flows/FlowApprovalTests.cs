using Microsoft.Extensions.DependencyInjection;

namespace OperatorOs.Kernel.Tests.Flows;

public sealed class FlowApprovalTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<FlowInstance> RequestRefundAsync(FlowHarness h)
    {
        await h.Flows.StartAsync("enrollment", "enr-1", FlowHarness.Json("""{"student":"s42"}"""), cancellationToken: Ct);
        await h.Flows.RaiseAsync("enr-1", "payment.received", FlowHarness.Json("""{"amount":120}"""), Ct);
        return await h.Flows.RaiseAsync("enr-1", "refund.requested", default, Ct);
    }

    [Fact]
    public async Task StepNeedingApproval_WaitsWithoutActing()
    {
        await using var h = new FlowHarness(b => b.AddFlow(FlowHarness.Enrollment()));

        FlowInstance waiting = await RequestRefundAsync(h);

        Assert.Equal(FlowStatus.AwaitingApproval, waiting.Status);
        Assert.Equal("refund", waiting.PendingStep);
        ApprovalRequest request = Assert.Single(await h.Kernel.Approvals.ListPendingAsync(Ct));
        Assert.Equal(waiting.ApprovalId, request.Id);
        Assert.Equal(ActorKind.Flow, request.Proposal.ProposerKind);
        Assert.Equal(OperationToken.ForFlowStep("enr-1", "2.refund"), request.Proposal.OperationToken);
        Assert.DoesNotContain(h.Connector.Effects, e => e.Capability == "billing.refund");

        var busy = await Assert.ThrowsAsync<FlowTriggerException>(() => h.Flows.RaiseAsync("enr-1", "course.finished", default, Ct));
        Assert.Equal(FlowTriggerRefusal.TransitionInProgress, busy.Reason);
    }

    [Fact]
    public async Task Approved_ExecutesOnceAndTheOutcomeFeedsTheNextStep()
    {
        await using var h = new FlowHarness(b => b.AddFlow(FlowHarness.Enrollment()));
        FlowInstance waiting = await RequestRefundAsync(h);

        await h.Kernel.Approvals.ApproveAsync(waiting.ApprovalId!, "operator", cancellationToken: Ct);

        FlowInstance done = (await h.Flows.GetAsync("enr-1", Ct))!;
        Assert.Equal("refunded", done.State);
        Assert.Equal(FlowStatus.Completed, done.Status);
        Assert.Equal(120, done.Data.GetProperty("steps").GetProperty("note-refund").GetProperty("refunded").GetDecimal());
        Assert.Single(h.Connector.Effects, e => e.Capability == "billing.refund");

        // Approving again is idempotent for the flow too.
        await h.Kernel.Approvals.ApproveAsync(waiting.ApprovalId!, "operator", cancellationToken: Ct);
        Assert.Single(h.Connector.Effects, e => e.Capability == "billing.refund");
        Assert.Equal(FlowStatus.Completed, (await h.Flows.GetAsync("enr-1", Ct))!.Status);
    }

    [Fact]
    public async Task Approved_ButTheExecutionFailed_ResumeFinishesTheStepOnce()
    {
        await using var h = new FlowHarness(b => b.AddFlow(FlowHarness.Enrollment()), o => o.MaxExecutionAttempts = 1);
        FlowInstance waiting = await RequestRefundAsync(h);
        int refunds = 0;
        h.Connector.ExecuteAsyncCallback = (request, _) => request.Capability == "billing.refund" && Interlocked.Increment(ref refunds) == 1
            ? throw new ConnectorException("test", "the payment provider timed out", isTransient: true)
            : Task.FromResult(request.Arguments);

        await Assert.ThrowsAsync<ConnectorException>(() => h.Kernel.Approvals.ApproveAsync(waiting.ApprovalId!, "operator", cancellationToken: Ct));
        Assert.Equal(FlowStatus.AwaitingApproval, (await h.Flows.GetAsync("enr-1", Ct))!.Status);

        FlowInstance resumed = await h.Flows.ResumeAsync("enr-1", Ct);

        Assert.Equal("refunded", resumed.State);
        Assert.Single(h.Connector.Effects, e => e.Capability == "billing.refund");
    }

    [Fact]
    public async Task Approved_WithCorrection_RunsTheCorrectedArguments()
    {
        await using var h = new FlowHarness(b => b.AddFlow(FlowHarness.Enrollment()));
        FlowInstance waiting = await RequestRefundAsync(h);

        await h.Kernel.Approvals.ApproveAsync(waiting.ApprovalId!, "operator", FlowHarness.Json("""{"student":"s42","amount":60}"""), Ct);

        FlowInstance done = (await h.Flows.GetAsync("enr-1", Ct))!;
        Assert.Equal(60, done.Data.GetProperty("steps").GetProperty("note-refund").GetProperty("refunded").GetDecimal());
        FlowRecord completed = (await h.RecordsAsync("enr-1")).First(e => e.Type == FlowEventTypes.StepCompleted && e.Payload.GetProperty("step").GetString() == "refund");
        Assert.Equal(120, completed.Payload.GetProperty("arguments").GetProperty("amount").GetDecimal());
        Assert.Equal(60, completed.Payload.GetProperty("correctedArguments").GetProperty("amount").GetDecimal());
    }

    [Fact]
    public async Task Rejected_TakesTheDeclaredRefusalTransition()
    {
        await using var h = new FlowHarness(b => b.AddFlow(FlowHarness.Enrollment()));
        FlowInstance waiting = await RequestRefundAsync(h);

        await h.Kernel.Approvals.RejectAsync(waiting.ApprovalId!, "operator", "outside the refund window", Ct);

        FlowInstance back = (await h.Flows.GetAsync("enr-1", Ct))!;
        Assert.Equal("active", back.State);
        Assert.Equal(FlowStatus.Active, back.Status);
        Assert.DoesNotContain(h.Connector.Effects, e => e.Capability == "billing.refund");
        List<FlowRecord> stream = await h.RecordsAsync("enr-1");
        FlowRecord refused = Assert.Single(stream, e => e.Type == FlowEventTypes.StepRefused);
        Assert.Equal("rejected", refused.Payload.GetProperty("outcome").GetString());
        Assert.Equal("outside the refund window", refused.Payload.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Rejected_WithoutRefusalTransition_FailsTheInstance()
    {
        FlowDefinition strict = FlowDefinition.Create("strict")
            .Initial("new")
            .State("new", s => s.On("go").Step("pay", "billing.refund", c => new System.Text.Json.Nodes.JsonObject { ["amount"] = 5 }).TransitionTo("done"))
            .Terminal("done")
            .Build();
        await using var h = new FlowHarness(b => b.AddFlow(strict));
        await h.Flows.StartAsync("strict", "s-1", cancellationToken: Ct);
        FlowInstance waiting = await h.Flows.RaiseAsync("s-1", "go", default, Ct);

        await h.Kernel.Approvals.RejectAsync(waiting.ApprovalId!, "operator", "no", Ct);

        FlowInstance failed = (await h.Flows.GetAsync("s-1", Ct))!;
        Assert.Equal(FlowStatus.Failed, failed.Status);
        Assert.Contains("rejected", failed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Expired_IsARefusal()
    {
        await using var h = new FlowHarness(b => b.AddFlow(FlowHarness.Enrollment()), o => o.ApprovalExpiry = TimeSpan.FromHours(1));
        FlowInstance waiting = await RequestRefundAsync(h);

        h.Kernel.Clock.Advance(TimeSpan.FromHours(2));
        Assert.Empty(await h.Kernel.Approvals.ListPendingAsync(Ct));

        FlowInstance back = (await h.Flows.GetAsync("enr-1", Ct))!;
        Assert.Equal("active", back.State);
        Assert.Equal("expired", (await h.RecordsAsync("enr-1")).Single(e => e.Type == FlowEventTypes.StepRefused).Payload.GetProperty("outcome").GetString());
    }
}
