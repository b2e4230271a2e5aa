using Microsoft.Extensions.DependencyInjection;
using System.Text.Json;

namespace OperatorOs.Kernel.Tests.Flows;

public sealed class FlowRuntimeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StartAsync_NewInstance_RestsInTheInitialStateWithItsInput()
    {
        await using var h = new FlowHarness(b => b.AddFlow(FlowHarness.Enrollment()));

        FlowInstance instance = await h.Flows.StartAsync("enrollment", "enr-1", FlowHarness.Json("""{"student":"s42"}"""), "student/42", Ct);

        Assert.Equal("awaiting-payment", instance.State);
        Assert.Equal(FlowStatus.Active, instance.Status);
        Assert.Equal(1, instance.FlowVersion);
        Assert.Equal("s42", instance.Data.GetProperty("input").GetProperty("student").GetString());
        Assert.Equal(h.Kernel.Clock.GetUtcNow() + TimeSpan.FromDays(7), instance.NextTimerAt);
    }

    [Fact]
    public async Task RaiseAsync_GuardHolds_RunsTheStepThroughTheKernelAndKeepsItsOutput()
    {
        await using var h = new FlowHarness(b => b.AddFlow(FlowHarness.Enrollment()));
        await h.Flows.StartAsync("enrollment", "enr-1", FlowHarness.Json("""{"student":"s42"}"""), cancellationToken: Ct);

        FlowInstance instance = await h.Flows.RaiseAsync("enr-1", "payment.received", FlowHarness.Json("""{"amount":150}"""), Ct);

        Assert.Equal("active", instance.State);
        Assert.Equal(FlowStatus.Active, instance.Status);
        OperationRequest effect = Assert.Single(h.Connector.Effects);
        Assert.Equal("notes.write", effect.Capability);
        Assert.Equal(OperationToken.ForFlowStep("enr-1", "1.note-payment"), effect.Token);
        Assert.Equal(150, instance.Data.GetProperty("steps").GetProperty("note-payment").GetProperty("paid").GetDecimal());
        Assert.Equal(150, instance.Data.GetProperty("events").GetProperty("payment.received").GetProperty("amount").GetDecimal());
        Assert.Null(instance.NextTimerAt);
    }

    [Fact]
    public async Task RaiseAsync_GuardFails_IgnoresTheEventAndJournalsIt()
    {
        await using var h = new FlowHarness(b => b.AddFlow(FlowHarness.Enrollment()));
        await h.Flows.StartAsync("enrollment", "enr-1", FlowHarness.Json("""{"student":"s42"}"""), cancellationToken: Ct);

        FlowInstance instance = await h.Flows.RaiseAsync("enr-1", "payment.received", FlowHarness.Json("""{"amount":20}"""), Ct);

        Assert.Equal("awaiting-payment", instance.State);
        Assert.Empty(h.Connector.Effects);
        List<JournalEvent> stream = await h.StreamAsync("enr-1");
        Assert.Equal([FlowEventTypes.Started, FlowEventTypes.Ignored], stream.Select(e => e.Type));
    }

    [Fact]
    public async Task RaiseAsync_UnknownTrigger_ThrowsTypedError()
    {
        await using var h = new FlowHarness(b => b.AddFlow(FlowHarness.Enrollment()));
        await h.Flows.StartAsync("enrollment", "enr-1", FlowHarness.Json("""{"student":"s42"}"""), cancellationToken: Ct);

        var error = await Assert.ThrowsAsync<FlowTriggerException>(() => h.Flows.RaiseAsync("enr-1", "no.such.event", default, Ct));

        Assert.Equal(FlowTriggerRefusal.UnknownTrigger, error.Reason);
        Assert.Contains("no.such.event", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RaiseAsync_TriggerOfAnotherState_ThrowsNotAcceptedInState()
    {
        await using var h = new FlowHarness(b => b.AddFlow(FlowHarness.Enrollment()));
        await h.Flows.StartAsync("enrollment", "enr-1", FlowHarness.Json("""{"student":"s42"}"""), cancellationToken: Ct);

        var error = await Assert.ThrowsAsync<FlowTriggerException>(() => h.Flows.RaiseAsync("enr-1", "course.finished", default, Ct));

        Assert.Equal(FlowTriggerRefusal.NotAcceptedInState, error.Reason);
        Assert.Equal("awaiting-payment", error.State);
    }

    [Fact]
    public async Task RaiseAsync_FinishedInstance_ThrowsFinished()
    {
        await using var h = new FlowHarness(b => b.AddFlow(FlowHarness.Enrollment()));
        await h.Flows.StartAsync("enrollment", "enr-1", FlowHarness.Json("""{"student":"s42"}"""), cancellationToken: Ct);
        FlowInstance cancelled = await h.Flows.RaiseAsync("enr-1", "enrollment.cancelled", default, Ct);
        Assert.Equal(FlowStatus.Completed, cancelled.Status);

        var error = await Assert.ThrowsAsync<FlowInstanceFinishedException>(() => h.Flows.RaiseAsync("enr-1", "payment.received", FlowHarness.Json("""{"amount":500}"""), Ct));

        Assert.Equal("cancelled", error.State);
    }

    [Fact]
    public async Task RaiseAsync_UnknownInstance_ThrowsNotFound()
    {
        await using var h = new FlowHarness(b => b.AddFlow(FlowHarness.Enrollment()));

        await Assert.ThrowsAsync<FlowInstanceNotFoundException>(() => h.Flows.RaiseAsync("ghost", "payment.received", default, Ct));
    }

    [Fact]
    public async Task RaiseAsync_ByCorrelationKey_FindsTheUnfinishedInstance()
    {
        await using var h = new FlowHarness(b => b.AddFlow(FlowHarness.Enrollment()));
        await h.Flows.StartAsync("enrollment", "enr-1", FlowHarness.Json("""{"student":"s42"}"""), "student/42", Ct);

        FlowInstance instance = await h.Flows.RaiseAsync("enrollment", "student/42", "payment.received", FlowHarness.Json("""{"amount":100}"""), Ct);

        Assert.Equal("enr-1", instance.Id);
        Assert.Equal("active", instance.State);
        await Assert.ThrowsAsync<FlowInstanceNotFoundException>(() => h.Flows.RaiseAsync("enrollment", "student/7", "payment.received", default, Ct));
    }

    [Fact]
    public async Task StartAsync_TakenIdOrCorrelationKey_ThrowsExists()
    {
        await using var h = new FlowHarness(b => b.AddFlow(FlowHarness.Enrollment()));
        await h.Flows.StartAsync("enrollment", "enr-1", FlowHarness.Json("""{"student":"s42"}"""), "student/42", Ct);

        await Assert.ThrowsAsync<FlowInstanceExistsException>(() => h.Flows.StartAsync("enrollment", "enr-1", default, null, Ct));
        var byKey = await Assert.ThrowsAsync<FlowInstanceExistsException>(() => h.Flows.StartAsync("enrollment", "enr-2", default, "student/42", Ct));
        Assert.Equal("enr-1", byKey.InstanceId);

        // Once the first instance finished, its key is free again.
        await h.Flows.RaiseAsync("enr-1", "enrollment.cancelled", default, Ct);
        FlowInstance second = await h.Flows.StartAsync("enrollment", "enr-2", FlowHarness.Json("""{"student":"s42"}"""), "student/42", Ct);
        Assert.Equal("awaiting-payment", second.State);
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("")]
    public async Task StartAsync_MalformedId_ThrowsBeforeAnythingIsWritten(string id)
    {
        await using var h = new FlowHarness(b => b.AddFlow(FlowHarness.Enrollment()));

        await Assert.ThrowsAsync<ArgumentException>(() => h.Flows.StartAsync("enrollment", id, default, null, Ct));
        await Assert.ThrowsAsync<UnknownFlowException>(() => h.Flows.StartAsync("nope", "x", default, null, Ct));

        Assert.Empty(await h.Kernel.EventsAsync());
    }

    [Fact]
    public async Task Journal_EveryEvent_CarriesSchemaDefinitionAndStableTypeNames()
    {
        await using var h = new FlowHarness(b => b.AddFlow(FlowHarness.Enrollment()));
        await h.Flows.StartAsync("enrollment", "enr-1", FlowHarness.Json("""{"student":"s42"}"""), cancellationToken: Ct);
        await h.Flows.RaiseAsync("enr-1", "payment.received", FlowHarness.Json("""{"amount":150}"""), Ct);

        List<JournalEvent> stream = await h.StreamAsync("enr-1");

        // Schema 2: the step's proposal and decision go out with the transition's acceptance, before the effect; its outcome with the transition.
        Assert.Equal([FlowEventTypes.Started, FlowEventTypes.Checkpoint, FlowEventTypes.Checkpoint], stream.Select(e => e.Type));
        Assert.Equal(
            [FlowEventTypes.Started, FlowEventTypes.Accepted, FlowEventTypes.StepStarted, FlowEventTypes.StepCompleted, FlowEventTypes.Transition],
            stream.SelectMany(FlowRecord.Read).Select(r => r.Type));
        foreach (JournalEvent e in stream)
        {
            Assert.Equal(FlowEventTypes.SchemaVersion, e.Payload.GetProperty("schema").GetInt32());
            Assert.Equal("enrollment", e.Payload.GetProperty("flow").GetString());
            Assert.Equal(1, e.Payload.GetProperty("version").GetInt32());
            Assert.DoesNotContain("Version=", e.Payload.GetRawText(), StringComparison.Ordinal);
            Assert.DoesNotContain("OperatorOs.", e.Payload.GetRawText(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ListAsync_Filters_ByStateStatusAndFlow()
    {
        await using var h = new FlowHarness(b => b.AddFlow(FlowHarness.Enrollment()));
        await h.Flows.StartAsync("enrollment", "a", FlowHarness.Json("""{"student":"a"}"""), cancellationToken: Ct);
        await h.Flows.StartAsync("enrollment", "b", FlowHarness.Json("""{"student":"b"}"""), cancellationToken: Ct);
        await h.Flows.StartAsync("enrollment", "c", FlowHarness.Json("""{"student":"c"}"""), cancellationToken: Ct);
        await h.Flows.RaiseAsync("b", "payment.received", FlowHarness.Json("""{"amount":100}"""), Ct);
        await h.Flows.RaiseAsync("c", "enrollment.cancelled", default, Ct);

        Assert.Equal(["a", "b"], (await h.Flows.ListAsync(cancellationToken: Ct)).Select(i => i.Id));
        Assert.Equal(["b"], (await h.Flows.ListAsync(new FlowQuery { State = "active" }, Ct)).Select(i => i.Id));
        Assert.Equal(["c"], (await h.Flows.ListAsync(new FlowQuery { Status = FlowStatus.Completed }, Ct)).Select(i => i.Id));
        Assert.Equal(3, (await h.Flows.ListAsync(new FlowQuery { FlowName = "enrollment", IncludeCompleted = true }, Ct)).Count);
    }

    [Fact]
    public async Task Always_TransitionsChainOnEntry_AndAStepFailureLeavesTheInstanceFailedUntilResumed()
    {
        FlowDefinition chain = FlowDefinition.Create("chain")
            .Initial("new")
            .State("new", s => s.Always().Step("one", "notes.write", c => new System.Text.Json.Nodes.JsonObject { ["n"] = 1 }).TransitionTo("middle"))
            .State("middle", s => s.Always().Step("two", "notes.write", c => new System.Text.Json.Nodes.JsonObject { ["n"] = c.StepOutput("one").GetProperty("n").GetInt32() + 1 }).TransitionTo("done"))
            .Terminal("done")
            .Build();
        await using var h = new FlowHarness(b => b.AddFlow(chain));
        int calls = 0;
        h.Connector.ExecuteAsyncCallback = (request, _) =>
        {
            if (Interlocked.Increment(ref calls) == 2)
            {
                throw new ConnectorException("test", "the notes service refused", isTransient: false);
            }

            return Task.FromResult(request.Arguments);
        };

        FlowInstance failed = await h.Flows.StartAsync("chain", "c-1", cancellationToken: Ct);
        Assert.Equal(FlowStatus.Failed, failed.Status);
        Assert.Equal("middle", failed.State);
        Assert.Equal("two", failed.PendingStep);
        Assert.Contains("refused", failed.Error, StringComparison.Ordinal);

        FlowInstance resumed = await h.Flows.ResumeAsync("c-1", Ct);

        Assert.Equal(FlowStatus.Completed, resumed.Status);
        Assert.Equal("done", resumed.State);
        Assert.Equal(2, resumed.Data.GetProperty("steps").GetProperty("two").GetProperty("n").GetInt32());
        Assert.Equal(2, h.Connector.Effects.Count);
    }
}
