using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;

namespace OperatorOs.Kernel.Tests.Flows;

public sealed class FlowIntentRoutingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static FlowDefinition Refunds() => FlowDefinition.Create("refunds")
        .CorrelateIntents(intent => $"invoice/{intent.Payload.GetProperty("invoice").GetString()}")
        .Initial("open")
        .State("open", s => s
            .On("refund.requested")
                .Step("note", "notes.write", c => new JsonObject { ["invoice"] = c.Input.GetProperty("invoice").GetString(), ["status"] = "requested" })
                .TransitionTo("requested"))
        .State("requested", s => s
            .On("refund.confirmed")
                .Step("pay", "billing.refund", c => new JsonObject { ["invoice"] = c.Input.GetProperty("invoice").GetString(), ["amount"] = c.Payload.GetProperty("amount").GetDecimal() })
                .TransitionTo("paid"))
        .Terminal("paid")
        .Build();

    [Fact]
    public async Task Intent_ForAFlowRoute_StartsAnInstanceAndFiresTheIntentsTrigger()
    {
        await using var h = new FlowHarness(b => b.AddFlow(Refunds()).MapIntentToFlow("refund.requested", "refunds").MapIntentToFlow("refund.confirmed", "refunds"));

        IntentResult result = await h.Kernel.Kernel.SubmitAsync(h.Kernel.Intent("refund.requested", """{"invoice":"2026-000007"}"""), Ct);

        Assert.Equal(new RouteDecision(RouteTargetKind.Flow, "refunds", "exact"), result.Route);
        ProposalResult step = Assert.Single(result.Proposals);
        Assert.Equal(ProposalStatus.Executed, step.Status);
        FlowInstance instance = Assert.Single(await h.Flows.ListAsync(cancellationToken: Ct));
        Assert.Equal("requested", instance.State);
        Assert.Equal("invoice/2026-000007", instance.CorrelationKey);
        Assert.Contains(instance.Id, result.Response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Intent_CorrelatingWithAnUnfinishedInstance_IsDeliveredToIt_AndCarriesItsTaint()
    {
        await using var h = new FlowHarness(b => b.AddFlow(Refunds()).MapIntentToFlow("refund.requested", "refunds").MapIntentToFlow("refund.confirmed", "refunds"));
        await h.Kernel.Kernel.SubmitAsync(h.Kernel.Intent("refund.requested", """{"invoice":"2026-000007"}"""), Ct);

        IntentResult result = await h.Kernel.Kernel.SubmitAsync(h.Kernel.Intent("refund.confirmed", """{"invoice":"2026-000007","amount":40}""", TrustLevel.Untrusted), Ct);

        ProposalResult pay = Assert.Single(result.Proposals);
        Assert.Equal(ProposalStatus.PendingApproval, pay.Status);
        Assert.Equal(TrustLevel.Untrusted, pay.Proposal.Taint);
        Assert.Single(await h.Flows.ListAsync(cancellationToken: Ct));
        Assert.Equal(FlowStatus.AwaitingApproval, (await h.Flows.ListAsync(cancellationToken: Ct))[0].Status);
    }

    [Fact]
    public async Task Intent_ThatNoStateAccepts_IsATypedError()
    {
        await using var h = new FlowHarness(b => b.AddFlow(Refunds()).MapIntentToFlow("refund.requested", "refunds").MapIntentToFlow("refund.cancelled", "refunds"));
        await h.Kernel.Kernel.SubmitAsync(h.Kernel.Intent("refund.requested", """{"invoice":"1"}"""), Ct);

        var error = await Assert.ThrowsAsync<FlowTriggerException>(() => h.Kernel.Kernel.SubmitAsync(h.Kernel.Intent("refund.cancelled", """{"invoice":"1"}"""), Ct));

        Assert.Equal(FlowTriggerRefusal.UnknownTrigger, error.Reason);
    }
}
