using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;

namespace OperatorOs.Kernel.Tests.Flows;

public sealed class FlowTimerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task After_DelayPasses_FiresTheTimerTransition()
    {
        await using var h = new FlowHarness(b => b.AddFlow(FlowHarness.Enrollment()));
        await h.Flows.StartAsync("enrollment", "enr-1", FlowHarness.Json("""{"student":"s42"}"""), cancellationToken: Ct);

        h.Kernel.Clock.Advance(TimeSpan.FromDays(7) - TimeSpan.FromSeconds(1));
        await h.Runtime.WhenIdleAsync();
        Assert.Equal("awaiting-payment", (await h.Flows.GetAsync("enr-1", Ct))!.State);

        h.Kernel.Clock.Advance(TimeSpan.FromSeconds(1));
        await h.Runtime.WhenIdleAsync();

        FlowInstance instance = (await h.Flows.GetAsync("enr-1", Ct))!;
        Assert.Equal("cancelled", instance.State);
        Assert.Equal(FlowStatus.Completed, instance.Status);
        JournalEvent transition = (await h.StreamAsync("enr-1")).Last();
        Assert.Equal("payment-overdue", transition.Payload.GetProperty("trigger").GetString());
        Assert.Equal("timer", transition.Payload.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task After_StateLeftBeforeDue_TimerDoesNotFire()
    {
        await using var h = new FlowHarness(b => b.AddFlow(FlowHarness.Enrollment()));
        await h.Flows.StartAsync("enrollment", "enr-1", FlowHarness.Json("""{"student":"s42"}"""), cancellationToken: Ct);
        await h.Flows.RaiseAsync("enr-1", "payment.received", FlowHarness.Json("""{"amount":100}"""), Ct);

        h.Kernel.Clock.Advance(TimeSpan.FromDays(30));
        await h.Runtime.WhenIdleAsync();

        FlowInstance instance = (await h.Flows.GetAsync("enr-1", Ct))!;
        Assert.Equal("active", instance.State);
        Assert.DoesNotContain(await h.StreamAsync("enr-1"), e => e.Type == FlowEventTypes.Ignored);
    }

    [Fact]
    public async Task At_DueTimeFromData_FiresThenAndGuardedTimerIsIgnoredWhenItFails()
    {
        FlowDefinition reminder = FlowDefinition.Create("reminder")
            .Initial("waiting")
            .State("waiting", s => s
                .At(c => c.Input.GetProperty("dueAt").GetDateTimeOffset(), "deadline")
                    .When(c => c.Input.GetProperty("remind").GetBoolean())
                    .Step("remind", "notes.write", c => new JsonObject { ["text"] = "deadline passed" })
                    .TransitionTo("reminded")
                .On("handed.in").TransitionTo("done"))
            .Terminal("reminded", "done")
            .Build();
        await using var h = new FlowHarness(b => b.AddFlow(reminder));
        DateTimeOffset due = h.Kernel.Clock.GetUtcNow().AddHours(5);
        await h.Flows.StartAsync("reminder", "r-yes", FlowHarness.Json($$"""{"dueAt":"{{due:O}}","remind":true}"""), cancellationToken: Ct);
        await h.Flows.StartAsync("reminder", "r-no", FlowHarness.Json($$"""{"dueAt":"{{due:O}}","remind":false}"""), cancellationToken: Ct);
        Assert.Equal(due, (await h.Flows.GetAsync("r-yes", Ct))!.NextTimerAt);

        h.Kernel.Clock.Advance(TimeSpan.FromHours(5));
        await h.Runtime.WhenIdleAsync();

        Assert.Equal("reminded", (await h.Flows.GetAsync("r-yes", Ct))!.State);
        FlowInstance skipped = (await h.Flows.GetAsync("r-no", Ct))!;
        Assert.Equal("waiting", skipped.State);
        Assert.Null(skipped.NextTimerAt);
        Assert.Equal(FlowEventTypes.Ignored, (await h.StreamAsync("r-no")).Last().Type);
        Assert.Single(h.Connector.Effects);
    }

    [Fact]
    public async Task TransientStepFailure_IsRetriedAfterTheConfiguredDelay()
    {
        await using var h = new FlowHarness(
            b => b.AddFlow(FlowHarness.Enrollment()).ConfigureFlows(o => o.StepRetryDelay = TimeSpan.FromMinutes(5)),
            o => o.MaxExecutionAttempts = 1);
        int calls = 0;
        h.Connector.ExecuteAsyncCallback = (request, _) => Interlocked.Increment(ref calls) == 1
            ? throw new ConnectorException("test", "the notes service is down", isTransient: true)
            : Task.FromResult(request.Arguments);
        await h.Flows.StartAsync("enrollment", "enr-1", FlowHarness.Json("""{"student":"s42"}"""), cancellationToken: Ct);

        FlowInstance waiting = await h.Flows.RaiseAsync("enr-1", "payment.received", FlowHarness.Json("""{"amount":100}"""), Ct);
        Assert.Equal(FlowStatus.Running, waiting.Status);
        Assert.Contains("down", waiting.Error, StringComparison.Ordinal);

        h.Kernel.Clock.Advance(TimeSpan.FromMinutes(5));
        await h.Runtime.WhenIdleAsync();

        FlowInstance done = (await h.Flows.GetAsync("enr-1", Ct))!;
        Assert.Equal("active", done.State);
        Assert.Null(done.Error);
        Assert.Single(h.Connector.Effects);
    }
}
