using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;

namespace OperatorOs.Kernel.Tests.Flows;

public sealed class FlowReplayTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<List<JournalEvent>> RecordAsync(FlowHarness h)
    {
        await h.Flows.StartAsync("enrollment", "enr-1", FlowHarness.Json("""{"student":"s42"}"""), cancellationToken: Ct);
        await h.Flows.RaiseAsync("enr-1", "payment.received", FlowHarness.Json("""{"amount":20}"""), Ct);
        await h.Flows.RaiseAsync("enr-1", "payment.received", FlowHarness.Json("""{"amount":120}"""), Ct);
        FlowInstance waiting = await h.Flows.RaiseAsync("enr-1", "refund.requested", default, Ct);
        await h.Kernel.Approvals.ApproveAsync(waiting.ApprovalId!, "operator", cancellationToken: Ct);
        return await h.StreamAsync("enr-1");
    }

    [Fact]
    public async Task Replay_UnchangedCode_ReproducesEveryDecision()
    {
        await using var h = new FlowHarness(b => b.AddFlow(FlowHarness.Enrollment()));
        List<JournalEvent> history = await RecordAsync(h);

        FlowReplayResult result = await FlowReplay.ReplayAsync(FlowHarness.Enrollment(), h.Kernel.Journal, "enr-1", Ct);

        Assert.False(result.Diverged, result.Divergence?.ToString());
        Assert.Equal(history.Count, result.EventsReplayed);
        Assert.Equal("enr-1", result.InstanceId);
    }

    [Fact]
    public async Task Replay_ChangedGuard_ReportsTheFirstEventDecidedDifferently()
    {
        await using var h = new FlowHarness(b => b.AddFlow(FlowHarness.Enrollment()));
        List<JournalEvent> history = await RecordAsync(h);

        // With a minimum of 10, the first payment (20) would have fired the transition the history ignored.
        FlowReplayResult result = FlowReplay.Replay(FlowHarness.Enrollment(minimum: 10), history);

        Assert.True(result.Diverged);
        FlowDivergence divergence = result.Divergence!;
        Assert.Equal(FlowEventTypes.Ignored, divergence.EventType);
        Assert.Equal("guard", divergence.What);
        Assert.Equal("awaiting-payment", divergence.State);
        Assert.Equal(history[1].Sequence, divergence.Sequence);
        Assert.Contains("fires", divergence.Actual, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_ChangedArguments_ReportsTheStepAndBothValues()
    {
        await using var h = new FlowHarness(b => b.AddFlow(FlowHarness.Enrollment()));
        List<JournalEvent> history = await RecordAsync(h);
        FlowDefinition changed = FlowDefinition.Create("enrollment")
            .Initial("awaiting-payment")
            .State("awaiting-payment", s => s
                .On("payment.received").When(c => c.Payload.GetProperty("amount").GetDecimal() >= 100)
                    .Step("note-payment", "notes.write", c => new JsonObject { ["student"] = c.Input.GetProperty("student").GetString(), ["paid"] = c.Payload.GetProperty("amount").GetDecimal() * 2 })
                    .TransitionTo("active")
                .On("enrollment.cancelled").TransitionTo("cancelled")
                .After(TimeSpan.FromDays(7), "payment-overdue").TransitionTo("cancelled"))
            .State("active", s => s.On("refund.requested").TransitionTo("refunded").On("course.finished").TransitionTo("graduated"))
            .Terminal("cancelled", "refunded", "graduated")
            .Build();

        FlowDivergence divergence = FlowReplay.Replay(changed, history).Divergence!;

        Assert.Equal("arguments", divergence.What);
        Assert.Equal("note-payment", divergence.Step);
        Assert.Contains("120", divergence.Expected, StringComparison.Ordinal);
        Assert.Contains("240", divergence.Actual, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_OtherVersion_DivergesAtTheStart()
    {
        await using var h = new FlowHarness(b => b.AddFlow(FlowHarness.Enrollment()));
        List<JournalEvent> history = await RecordAsync(h);

        FlowDivergence divergence = FlowReplay.Replay(FlowHarness.Enrollment(version: 2), history).Divergence!;

        Assert.Equal("version", divergence.What);
        Assert.Equal(FlowEventTypes.Started, divergence.EventType);
    }

    [Fact]
    public async Task Replay_ChangedTimer_ReportsTheTimers()
    {
        await using var h = new FlowHarness(b => b.AddFlow(FlowHarness.Enrollment()));
        List<JournalEvent> history = await RecordAsync(h);
        FlowDefinition changed = FlowDefinition.Create("enrollment")
            .Initial("awaiting-payment")
            .State("awaiting-payment", s => s.After(TimeSpan.FromDays(3), "payment-overdue").TransitionTo("cancelled"))
            .Terminal("cancelled")
            .Build();

        FlowDivergence divergence = FlowReplay.Replay(changed, history).Divergence!;

        Assert.Equal("timers", divergence.What);
    }
}
