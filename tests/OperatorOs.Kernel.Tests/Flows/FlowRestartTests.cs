using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace OperatorOs.Kernel.Tests.Flows;

/// <summary>Instances on SQLite survive a restart: interrupted steps resume without repeating, approvals and timers carry over, versions are kept.</summary>
public sealed class FlowRestartTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 9, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly RecordingConnector _connector;

    public FlowRestartTests()
    {
        _connector = new RecordingConnector("test", [RecordingConnector.Capability("notes.write", RiskTier.Internal), RecordingConnector.Capability("billing.refund", RiskTier.Financial)], _clock);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Db => _directory.Combine("operator.db");

    [Fact]
    public async Task Restart_InterruptedStep_AsksTheConnectorAndDoesNotRepeatTheEffect()
    {
        await using (var first = new SqliteFlowHost(Db, _connector, _clock, FlowHarness.Enrollment()))
        {
            await first.StartAsync();
            await first.Flows.StartAsync("enrollment", "enr-1", FlowHarness.Json("""{"student":"s42"}"""), cancellationToken: Ct);

            // The effect happens but its acknowledgement is lost: the process "stops" knowing only that the step began.
            _connector.LoseNextAcknowledgement = true;
            FlowInstance interrupted = await first.Flows.RaiseAsync("enr-1", "payment.received", FlowHarness.Json("""{"amount":150}"""), Ct);
            Assert.Equal(FlowStatus.Running, interrupted.Status);
        }

        await using var second = new SqliteFlowHost(Db, _connector, _clock, FlowHarness.Enrollment());
        Assert.Equal(1, await second.StartAsync());

        FlowInstance resumed = (await second.Flows.GetAsync("enr-1", Ct))!;
        Assert.Equal("active", resumed.State);
        Assert.Equal(FlowStatus.Active, resumed.Status);
        Assert.Single(_connector.Effects);
        Assert.Equal(150, resumed.Data.GetProperty("steps").GetProperty("note-payment").GetProperty("paid").GetDecimal());
    }

    [Fact]
    public async Task Restart_WithinAStepsRetryAfter_WaitsOutTheRestOfIt_ThenRetries()
    {
        (StrongBox<int> calls, FlowInstance failed) = await FailTheStepWithARetryAfterOfTenMinutesAsync();
        Assert.Equal(FlowStatus.Running, failed.Status);
        Assert.Equal(_clock.GetUtcNow() + TimeSpan.FromMinutes(10), failed.NextTimerAt);

        // Four minutes later the host is back: six of the ten are left, and the service is not asked before they are over.
        _clock.Advance(TimeSpan.FromMinutes(4));
        await using var second = new SqliteFlowHost(Db, _connector, _clock, FlowHarness.Enrollment());
        await second.StartAsync();
        FlowInstance restarted = (await second.Flows.GetAsync("enr-1", Ct))!;
        _clock.Advance(TimeSpan.FromMinutes(5));
        await second.Runtime.WhenIdleAsync();
        int callsBeforeTheDelayIsOver = Volatile.Read(ref calls.Value);
        _clock.Advance(TimeSpan.FromMinutes(1));
        await second.Runtime.WhenIdleAsync();

        Assert.Equal("awaiting-payment", restarted.State);
        Assert.Equal(_clock.GetUtcNow(), restarted.NextTimerAt);
        Assert.Equal(1, callsBeforeTheDelayIsOver);
        FlowInstance done = (await second.Flows.GetAsync("enr-1", Ct))!;
        Assert.Equal("active", done.State);
        Assert.Single(_connector.Effects);
        Assert.Equal(2, Volatile.Read(ref calls.Value));
    }

    [Fact]
    public async Task Restart_AfterAStepsRetryAfterRanOut_RetriesAtOnce()
    {
        _ = await FailTheStepWithARetryAfterOfTenMinutesAsync();

        _clock.Advance(TimeSpan.FromMinutes(11));
        await using var second = new SqliteFlowHost(Db, _connector, _clock, FlowHarness.Enrollment());
        await second.StartAsync();

        Assert.Equal("active", (await second.Flows.GetAsync("enr-1", Ct))!.State);
        Assert.Single(_connector.Effects);
    }

    /// <summary>Runs a host whose payment step's first call is refused with a Retry-After of 10 minutes, then stops it; returns the call count and the failed instance.</summary>
    private async Task<(StrongBox<int> Calls, FlowInstance Failed)> FailTheStepWithARetryAfterOfTenMinutesAsync()
    {
        var calls = new StrongBox<int>();
        _connector.ExecuteAsyncCallback = (request, _) => Interlocked.Increment(ref calls.Value) == 1
            ? throw new ConnectorException("test", "429 slow down", isTransient: true) { RetryAfter = TimeSpan.FromMinutes(10) }
            : Task.FromResult(request.Arguments);
        await using var first = new SqliteFlowHost(Db, _connector, _clock, FlowHarness.Enrollment());
        await first.StartAsync();
        await first.Flows.StartAsync("enrollment", "enr-1", FlowHarness.Json("""{"student":"s42"}"""), cancellationToken: Ct);
        return (calls, await first.Flows.RaiseAsync("enr-1", "payment.received", FlowHarness.Json("""{"amount":150}"""), Ct));
    }

    [Fact]
    public async Task Restart_ApprovalDecidedWhileTheHostWasDown_ResumesFromTheConnectorsRecord()
    {
        string approvalId;
        await using (var host = new SqliteFlowHost(Db, _connector, _clock, FlowHarness.Enrollment()))
        {
            await host.StartAsync();
            await host.Flows.StartAsync("enrollment", "enr-1", FlowHarness.Json("""{"student":"s42"}"""), cancellationToken: Ct);
            await host.Flows.RaiseAsync("enr-1", "payment.received", FlowHarness.Json("""{"amount":120}"""), Ct);
            approvalId = (await host.Flows.RaiseAsync("enr-1", "refund.requested", default, Ct)).ApprovalId!;
        }

        // The operator's shell (no flows of its own) approves: it executes the refund.
        await using (var shell = new SqliteFlowHost(Db, _connector, _clock))
        {
            ApprovalRequest approved = await shell.Approvals.ApproveAsync(approvalId, "operator", cancellationToken: Ct);
            Assert.NotNull(approved.Outcome);
        }

        await using var restarted = new SqliteFlowHost(Db, _connector, _clock, FlowHarness.Enrollment());
        await restarted.StartAsync();

        FlowInstance done = (await restarted.Flows.GetAsync("enr-1", Ct))!;
        Assert.Equal("refunded", done.State);
        // The approval store kept the step's own token, so the shell's execution is the one the flow finds.
        Assert.Equal(OperationToken.ForFlowStep("enr-1", "2.refund"), Assert.Single(_connector.Effects, e => e.Capability == "billing.refund").Token);
        Assert.Empty(await restarted.Flows.ListAsync(cancellationToken: Ct));
    }

    [Fact]
    public async Task Restart_PendingApproval_IsStillAwaitedAndResumesWhenApproved()
    {
        await using (var host = new SqliteFlowHost(Db, _connector, _clock, FlowHarness.Enrollment()))
        {
            await host.StartAsync();
            await host.Flows.StartAsync("enrollment", "enr-1", FlowHarness.Json("""{"student":"s42"}"""), cancellationToken: Ct);
            await host.Flows.RaiseAsync("enr-1", "payment.received", FlowHarness.Json("""{"amount":120}"""), Ct);
            await host.Flows.RaiseAsync("enr-1", "refund.requested", default, Ct);
        }

        await using var restarted = new SqliteFlowHost(Db, _connector, _clock, FlowHarness.Enrollment());
        await restarted.StartAsync();
        FlowInstance waiting = Assert.Single(await restarted.Flows.ListAsync(new FlowQuery { Status = FlowStatus.AwaitingApproval }, Ct));

        await restarted.Approvals.ApproveAsync(waiting.ApprovalId!, "operator", cancellationToken: Ct);

        Assert.Equal("refunded", (await restarted.Flows.GetAsync("enr-1", Ct))!.State);
    }

    [Fact]
    public async Task Restart_TimerDueWhileDown_FiresAtStart()
    {
        await using (var host = new SqliteFlowHost(Db, _connector, _clock, FlowHarness.Enrollment()))
        {
            await host.StartAsync();
            await host.Flows.StartAsync("enrollment", "enr-1", FlowHarness.Json("""{"student":"s42"}"""), cancellationToken: Ct);
        }

        _clock.Advance(TimeSpan.FromDays(8));
        await using var restarted = new SqliteFlowHost(Db, _connector, _clock, FlowHarness.Enrollment());
        await restarted.StartAsync();

        Assert.Equal("cancelled", (await restarted.Flows.GetAsync("enr-1", Ct))!.State);
    }

    [Fact]
    public async Task Versions_RunningInstancesKeepTheirs_NewInstancesUseTheLatest()
    {
        await using (var v1 = new SqliteFlowHost(Db, _connector, _clock, FlowHarness.Enrollment(version: 1, minimum: 100)))
        {
            await v1.StartAsync();
            await v1.Flows.StartAsync("enrollment", "old", FlowHarness.Json("""{"student":"a"}"""), cancellationToken: Ct);
        }

        await using (var both = new SqliteFlowHost(Db, _connector, _clock, FlowHarness.Enrollment(version: 1, minimum: 100), FlowHarness.Enrollment(version: 2, minimum: 50)))
        {
            await both.StartAsync();
            FlowInstance fresh = await both.Flows.StartAsync("enrollment", "new", FlowHarness.Json("""{"student":"b"}"""), cancellationToken: Ct);
            Assert.Equal(2, fresh.FlowVersion);

            // 60 passes the v2 guard but not the v1 guard the old instance keeps.
            Assert.Equal("awaiting-payment", (await both.Flows.RaiseAsync("old", "payment.received", FlowHarness.Json("""{"amount":60}"""), Ct)).State);
            Assert.Equal("active", (await both.Flows.RaiseAsync("new", "payment.received", FlowHarness.Json("""{"amount":60}"""), Ct)).State);
            Assert.Equal(1, (await both.Flows.GetAsync("old", Ct))!.FlowVersion);
        }

        await using var onlyV2 = new SqliteFlowHost(Db, _connector, _clock, FlowHarness.Enrollment(version: 2, minimum: 50));
        var error = await Assert.ThrowsAsync<UnknownFlowException>(() => onlyV2.Flows.RaiseAsync("old", "payment.received", FlowHarness.Json("""{"amount":500}"""), Ct));
        Assert.Equal(1, error.Version);
    }

    [Fact]
    public async Task ConcurrentInstances_OnSqlite_AllCompleteAndEachEffectHappensOnce()
    {
        await using var host = new SqliteFlowHost(Db, _connector, _clock, FlowHarness.Enrollment());
        await host.StartAsync();

        await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
        {
            await host.Flows.StartAsync("enrollment", $"e{i}", FlowHarness.Json($$"""{"student":"s{{i}}"}"""), cancellationToken: Ct);
            await host.Flows.RaiseAsync($"e{i}", "payment.received", FlowHarness.Json("""{"amount":100}"""), Ct);
            await host.Flows.RaiseAsync($"e{i}", "course.finished", default, Ct);
        }, Ct)));

        Assert.Empty(await host.Flows.ListAsync(cancellationToken: Ct));
        Assert.Equal(16, (await host.Flows.ListAsync(new FlowQuery { State = "graduated", IncludeCompleted = true }, Ct)).Count);
        Assert.Equal(16, _connector.Effects.Select(e => e.Token).Distinct().Count());
        Assert.True((await host.Journal.VerifyAsync(Ct)).IsIntact);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }
}
