using Microsoft.Extensions.DependencyInjection;

namespace OperatorOs.Kernel.Tests.Telemetry;

public class OperatorMetricsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetSnapshot_CountsRoutesDecisionsActionsAndApprovalLatency()
    {
        // Arrange
        await using var harness = new KernelHarness(build: b => b.AddAgent(new AgentRole("scribe", "x")).MapIntentToAgent("note.requested", "scribe"));
        IOperatorMetrics metrics = harness.Services.GetRequiredService<IOperatorMetrics>();

        // Act
        await harness.Kernel.SubmitAsync(harness.Intent("note.requested"), Ct);
        await harness.Kernel.SubmitAsync(harness.Intent("nobody.handles.this"), Ct);
        await harness.Kernel.ProposeAsync(harness.Proposal("notes.read"), Ct);
        await harness.Kernel.ProposeAsync(harness.Proposal("no.such"), Ct);
        ProposalResult pending = await harness.Kernel.ProposeAsync(harness.Proposal("mail.send"), Ct);
        harness.Clock.Advance(TimeSpan.FromMinutes(10));
        await harness.Approvals.ApproveAsync(pending.ApprovalId!, "operator", cancellationToken: Ct);
        harness.Connector.ExecuteAsyncCallback = (_, _) => throw new ConnectorException("test", "down", isTransient: false);
        await harness.Kernel.ProposeAsync(harness.Proposal("notes.read"), Ct);
        OperatorMetricsSnapshot snapshot = metrics.GetSnapshot();

        // Assert
        Assert.Equal(1, snapshot.IntentsRouted);
        Assert.Equal(1, snapshot.IntentsUnrouted);
        Assert.Equal(2, snapshot.Decisions[PolicyVerdict.Execute]);
        Assert.Equal(1, snapshot.Decisions[PolicyVerdict.NeedsApproval]);
        Assert.Equal(1, snapshot.DenialsByRule["capability.unknown"]);
        Assert.Equal(2, snapshot.ActionsCompleted);
        Assert.Equal(1, snapshot.ActionsFailed);
        Assert.Equal(2.0 / 3, snapshot.SuccessRate!.Value, 6);
        Assert.Equal(1, snapshot.ApprovalsDecided);
        Assert.Equal(TimeSpan.FromMinutes(10), snapshot.ApprovalLatencyP50);
        Assert.Equal(new CapabilityMetrics(1, 1, snapshot.Capabilities["notes.read"].LatencyP50, snapshot.Capabilities["notes.read"].LatencyP95), snapshot.Capabilities["notes.read"]);
        Assert.Equal(1, snapshot.Capabilities["mail.send"].Completed);
    }

    [Fact]
    public async Task GetSnapshot_BeforeAnything_HasNoRatesOrLatencies()
    {
        await using var harness = new KernelHarness();

        OperatorMetricsSnapshot snapshot = harness.Services.GetRequiredService<IOperatorMetrics>().GetSnapshot();

        Assert.Null(snapshot.SuccessRate);
        Assert.Null(snapshot.ActionLatencyP95);
        Assert.Null(snapshot.ApprovalLatencyP50);
        Assert.Empty(snapshot.Capabilities);
    }
}
