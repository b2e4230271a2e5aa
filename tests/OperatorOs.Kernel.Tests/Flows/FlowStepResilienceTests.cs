using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;

namespace OperatorOs.Kernel.Tests.Flows;

/// <summary>A flow step whose connector's circuit is open, or whose service asked to wait, waits and then completes exactly once.</summary>
public class FlowStepResilienceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ResumeWhileTheCircuitIsOpen_DoesNotProbeTheConnector_AndTheStepKeepsWaiting()
    {
        await using FlowHarness h = CircuitHarness();
        int statusCalls = 0;
        h.Connector.GetStatusCallback = token =>
        {
            Interlocked.Increment(ref statusCalls);
            return null;
        };
        StrongBox<bool> failing = await OpenTheCircuitAsync(h);

        await h.Flows.StartAsync("enrollment", "enr-1", FlowHarness.Json("""{"student":"s42"}"""), cancellationToken: Ct);
        _ = await h.Flows.RaiseAsync("enr-1", "payment.received", FlowHarness.Json("""{"amount":100}"""), Ct);
        int before = Volatile.Read(ref statusCalls);

        // A resume asks the connector first (the step may have run) — but not while its circuit is open.
        FlowInstance resumed = await h.Flows.ResumeAsync("enr-1", Ct);

        Assert.Equal(before, Volatile.Read(ref statusCalls));
        Assert.Equal(FlowStatus.Running, resumed.Status);
        Assert.Contains("circuit is open", resumed.Error, StringComparison.Ordinal);

        Volatile.Write(ref failing.Value, false);
        h.Kernel.Clock.Advance(TimeSpan.FromSeconds(30));
        await h.Runtime.WhenIdleAsync();
        FlowInstance done = (await h.Flows.GetAsync("enr-1", Ct))!;
        Assert.Equal("active", done.State);
        Assert.Single(h.Connector.Effects);
    }

    [Fact]
    public async Task StepRefusedByAnOpenCircuit_WaitsForTheBreakThenCompletesExactlyOnce()
    {
        await using FlowHarness h = CircuitHarness();
        StrongBox<bool> failing = await OpenTheCircuitAsync(h);

        await h.Flows.StartAsync("enrollment", "enr-1", FlowHarness.Json("""{"student":"s42"}"""), cancellationToken: Ct);
        FlowInstance refused = await h.Flows.RaiseAsync("enr-1", "payment.received", FlowHarness.Json("""{"amount":100}"""), Ct);
        Volatile.Write(ref failing.Value, false);

        // The step's retry timer waits for the circuit's break (30 s), not just the step retry delay (10 s).
        h.Kernel.Clock.Advance(TimeSpan.FromSeconds(10));
        await h.Runtime.WhenIdleAsync();
        FlowInstance stillWaiting = (await h.Flows.GetAsync("enr-1", Ct))!;
        int callsWhileOpen = h.Connector.ExecuteCalls;

        h.Kernel.Clock.Advance(TimeSpan.FromSeconds(20));
        await h.Runtime.WhenIdleAsync();
        FlowInstance done = (await h.Flows.GetAsync("enr-1", Ct))!;
        h.Kernel.Clock.Advance(TimeSpan.FromHours(1));
        await h.Runtime.WhenIdleAsync();

        Assert.Equal(FlowStatus.Running, refused.Status);
        Assert.Equal("awaiting-payment", refused.State);
        Assert.Contains("circuit is open", refused.Error, StringComparison.Ordinal);
        Assert.Equal(2, callsWhileOpen);
        Assert.Equal("awaiting-payment", stillWaiting.State);
        Assert.Equal("active", done.State);
        Assert.Null(done.Error);
        OperationRequest effect = Assert.Single(h.Connector.Effects);
        Assert.Equal("notes.write", effect.Capability);
        Assert.Equal(3, h.Connector.ExecuteCalls);
        // One failure only: the step did not retry into the open circuit every 10 s.
        Assert.Single(await h.RecordsAsync("enr-1"), r => r.Type == FlowEventTypes.Failed);
    }

    [Fact]
    public async Task TransientStepFailureWithALongerRetryAfter_IsRetriedAfterTheServersDelay()
    {
        await using var h = new FlowHarness(
            b => b.AddFlow(FlowHarness.Enrollment()).ConfigureFlows(o => o.StepRetryDelay = TimeSpan.FromMinutes(1)),
            o => (o.MaxExecutionAttempts, o.MaxExecutionRetryAfter) = (3, TimeSpan.FromSeconds(10)));
        int calls = 0;
        h.Connector.ExecuteAsyncCallback = (request, _) => Interlocked.Increment(ref calls) == 1
            ? throw new ConnectorException("test", "429 slow down", isTransient: true) { RetryAfter = TimeSpan.FromMinutes(5) }
            : Task.FromResult(request.Arguments);
        await h.Flows.StartAsync("enrollment", "enr-1", FlowHarness.Json("""{"student":"s42"}"""), cancellationToken: Ct);

        FlowInstance waiting = await h.Flows.RaiseAsync("enr-1", "payment.received", FlowHarness.Json("""{"amount":100}"""), Ct);
        h.Kernel.Clock.Advance(TimeSpan.FromMinutes(1));
        await h.Runtime.WhenIdleAsync();
        FlowInstance afterTheStepDelay = (await h.Flows.GetAsync("enr-1", Ct))!;
        h.Kernel.Clock.Advance(TimeSpan.FromMinutes(4));
        await h.Runtime.WhenIdleAsync();
        FlowInstance done = (await h.Flows.GetAsync("enr-1", Ct))!;

        // The executor did not wait 5 minutes in the call (longer than its cap): it failed at once and the flow waited instead.
        Assert.Contains("slow down", waiting.Error, StringComparison.Ordinal);
        Assert.Equal("awaiting-payment", afterTheStepDelay.State);
        Assert.Equal("active", done.State);
        Assert.Single(h.Connector.Effects);
        Assert.Equal(2, Volatile.Read(ref calls));
    }

    [Fact]
    public async Task TransientStepFailureWithAShorterRetryAfter_KeepsTheStepRetryDelay()
    {
        await using var h = new FlowHarness(
            b => b.AddFlow(FlowHarness.Enrollment()).ConfigureFlows(o => o.StepRetryDelay = TimeSpan.FromMinutes(5)),
            o => (o.MaxExecutionAttempts, o.MaxExecutionRetryAfter) = (1, TimeSpan.FromSeconds(10)));
        int calls = 0;
        h.Connector.ExecuteAsyncCallback = (request, _) => Interlocked.Increment(ref calls) == 1
            ? throw new ConnectorException("test", "503", isTransient: true) { RetryAfter = TimeSpan.FromSeconds(20) }
            : Task.FromResult(request.Arguments);
        await h.Flows.StartAsync("enrollment", "enr-1", FlowHarness.Json("""{"student":"s42"}"""), cancellationToken: Ct);

        _ = await h.Flows.RaiseAsync("enr-1", "payment.received", FlowHarness.Json("""{"amount":100}"""), Ct);
        h.Kernel.Clock.Advance(TimeSpan.FromMinutes(1));
        await h.Runtime.WhenIdleAsync();
        FlowInstance beforeTheStepDelay = (await h.Flows.GetAsync("enr-1", Ct))!;
        h.Kernel.Clock.Advance(TimeSpan.FromMinutes(4));
        await h.Runtime.WhenIdleAsync();

        Assert.Equal("awaiting-payment", beforeTheStepDelay.State);
        Assert.Equal("active", (await h.Flows.GetAsync("enr-1", Ct))!.State);
        Assert.Single(h.Connector.Effects);
    }

    /// <summary>A flow host whose connector's circuit opens after two transient failures, for 30 s; a failed step retries after 10 s.</summary>
    private static FlowHarness CircuitHarness() => new(
        b => b.AddFlow(FlowHarness.Enrollment()).ConfigureFlows(o => o.StepRetryDelay = TimeSpan.FromSeconds(10)),
        o =>
        {
            o.MaxExecutionAttempts = 1;
            o.ExecutionBreakerMinimumThroughput = 2;
            o.ExecutionBreakDuration = TimeSpan.FromSeconds(30);
        });

    /// <summary>Makes the connector fail transiently and opens its circuit with two failed proposals; returns the switch that makes it answer again.</summary>
    private static async Task<StrongBox<bool>> OpenTheCircuitAsync(FlowHarness h)
    {
        var failing = new StrongBox<bool>(true);
        h.Connector.ExecuteAsyncCallback = (request, _) => Volatile.Read(ref failing.Value)
            ? throw new ConnectorException("test", "the notes service is down", isTransient: true)
            : Task.FromResult(request.Arguments);
        for (int i = 0; i < 2; i++)
        {
            _ = await h.Kernel.Kernel.ProposeAsync(h.Kernel.Proposal("notes.read"), Ct);
        }

        return failing;
    }
}
