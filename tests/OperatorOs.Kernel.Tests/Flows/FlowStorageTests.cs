using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace OperatorOs.Kernel.Tests.Flows;

/// <summary>Reading instances without definitions, and resume requests a shell records and exactly one host carries out.</summary>
public sealed class FlowStorageTests : IDisposable
{
    private static readonly TimeSpan Poll = new FlowRuntimeOptions().ApprovalPollInterval;

    private readonly TempDirectory _directory = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 9, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly RecordingConnector _connector;

    public FlowStorageTests()
    {
        _connector = new RecordingConnector("test", [RecordingConnector.Capability("notes.write", RiskTier.Internal), RecordingConnector.Capability("billing.refund", RiskTier.Financial)], _clock);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Db => _directory.Combine("operator.db");

    [Fact]
    public async Task GetAndList_FoldTheStreams_WithoutDefinitions_NewestFirst()
    {
        await using var h = new FlowHarness(b => b.AddFlow(FlowHarness.Enrollment()));
        await h.Flows.StartAsync("enrollment", "first", FlowHarness.Json("""{"student":"a"}"""), "student/a", Ct);
        h.Kernel.Clock.Advance(TimeSpan.FromMinutes(1));
        await h.Flows.StartAsync("enrollment", "second", FlowHarness.Json("""{"student":"b"}"""), cancellationToken: Ct);
        await h.Flows.RaiseAsync("second", "enrollment.cancelled", default, Ct);
        h.Kernel.Clock.Advance(TimeSpan.FromMinutes(1));
        await h.Flows.StartAsync("enrollment", "third", FlowHarness.Json("""{"student":"c"}"""), cancellationToken: Ct);
        await h.Flows.RaiseAsync("third", "payment.received", FlowHarness.Json("""{"amount":120}"""), Ct);
        var storage = new FlowStorage(h.Kernel.Journal, h.Kernel.Memory);

        FlowInstance? third = await storage.GetAsync("third", Ct);
        IReadOnlyList<FlowInstance> unfinished = await storage.ListAsync(cancellationToken: Ct);
        IReadOnlyList<FlowInstance> all = await storage.ListAsync(new FlowQuery { IncludeCompleted = true }, Ct);
        IReadOnlyList<FlowInstance> completed = await storage.ListAsync(new FlowQuery { Status = FlowStatus.Completed }, Ct);

        // The same instance: equal fields, and data equal as JSON (the runtime's and the fold's are separate documents).
        FlowInstance running = (await h.Flows.GetAsync("third", Ct))!;
        Assert.Equal(running with { Data = default }, third! with { Data = default });
        Assert.True(JsonElement.DeepEquals(running.Data, third.Data));
        Assert.Equal(["third", "first"], unfinished.Select(i => i.Id));
        Assert.Equal(["third", "second", "first"], all.Select(i => i.Id));
        Assert.Equal("cancelled", Assert.Single(completed).State);
        Assert.Equal("student/a", Assert.Single(await storage.ListAsync(new FlowQuery { CorrelationKey = "student/a" }, Ct)).CorrelationKey);
        Assert.Null(await storage.GetAsync("missing", Ct));
    }

    [Fact]
    public async Task RequestResume_UnknownOrCompletedInstance_IsRefused_AndAWaitingRequestIsNotWrittenTwice()
    {
        await using var h = new FlowHarness(b => b.AddFlow(FlowHarness.Enrollment()));
        await h.Flows.StartAsync("enrollment", "open", FlowHarness.Json("""{"student":"a"}"""), cancellationToken: Ct);
        await h.Flows.StartAsync("enrollment", "closed", FlowHarness.Json("""{"student":"b"}"""), cancellationToken: Ct);
        await h.Flows.RaiseAsync("closed", "enrollment.cancelled", default, Ct);
        var storage = new FlowStorage(h.Kernel.Journal, h.Kernel.Memory, h.Kernel.Clock);

        await Assert.ThrowsAsync<FlowInstanceNotFoundException>(() => storage.RequestResumeAsync("missing", "ada", Ct));
        FlowInstanceFinishedException finished = await Assert.ThrowsAsync<FlowInstanceFinishedException>(() => storage.RequestResumeAsync("closed", "ada", Ct));
        FlowResumeRequest first = await storage.RequestResumeAsync("open", "ada", Ct);
        FlowResumeRequest again = await storage.RequestResumeAsync("open", "bob", Ct);

        Assert.Equal("cancelled", finished.State);
        Assert.Equal(first, again);
        Assert.Equal(new FlowResumeRequest("open", FlowResumeRequestStatus.Requested, "ada", h.Kernel.Clock.GetUtcNow()) { Version = 1 }, first);
        Assert.Equal(first, await storage.GetResumeRequestAsync("open", Ct));
        MemoryRecord stored = Assert.Single(await h.Kernel.Memory.GetHistoryAsync("flow-requests", "open", Ct));
        Assert.Equal(MemoryKind.Context, stored.Kind);
        Assert.Equal("ada", stored.Provenance.Actor);
    }

    [Fact]
    public async Task RequestResume_TwoHostsPolling_ExactlyOneResumesTheFailedInstance_AndMarksItDoneOnce()
    {
        FlowDefinition chain = Chain();
        int calls = 0;
        _connector.ExecuteAsyncCallback = (request, _) => Interlocked.Increment(ref calls) == 2
            ? throw new ConnectorException("test", "the notes service refused", isTransient: false)
            : Task.FromResult(request.Arguments);

        await using var a = new SqliteFlowHost(Db, _connector, _clock, chain);
        await a.StartAsync();
        Assert.Equal(FlowStatus.Failed, (await a.Flows.StartAsync("chain", "c-1", cancellationToken: Ct)).Status);
        await using var b = new SqliteFlowHost(Db, _connector, _clock, chain);
        await b.StartAsync();

        // The shell's side: its own storage objects over the same file, no definitions.
        FlowResumeRequest requested = await b.Storage.RequestResumeAsync("c-1", "ada", Ct);
        Assert.Equal(FlowResumeRequestStatus.Requested, requested.Status);
        FlowResumeRequest done = await PollUntilHandledAsync(a.Storage, "c-1");

        // More polls change nothing: the request is handled.
        for (int i = 0; i < 3; i++)
        {
            _clock.Advance(Poll);
            await Task.Delay(50, Ct);
        }

        Assert.Equal(FlowResumeRequestStatus.Done, done.Status);
        Assert.Equal(FlowStatus.Completed, done.InstanceStatus);
        Assert.Null(done.Error);
        Assert.StartsWith("flow-recovery@", done.HandledBy, StringComparison.Ordinal);
        Assert.Equal(FlowStatus.Completed, (await a.Storage.GetAsync("c-1", Ct))!.Status);
        Assert.Equal(3, _connector.ExecuteCalls);
        Assert.Single(await TransitionsToAsync(a.Journal, "c-1", "done"));
        Assert.Equal(["requested", "resuming", "done"], await StatesAsync(a.Memory, "c-1"));
    }

    [Fact]
    public async Task RequestResume_TwoHostsHandlingAtTheSameMoment_OnlyTheClaimWinnerResumes()
    {
        FlowDefinition chain = Chain();
        int calls = 0;
        _connector.ExecuteAsyncCallback = (request, _) => Interlocked.Increment(ref calls) == 2
            ? throw new ConnectorException("test", "the notes service refused", isTransient: false)
            : Task.FromResult(request.Arguments);
        await using var a = new SqliteFlowHost(Db, _connector, _clock, chain);
        await a.StartAsync();
        await a.Flows.StartAsync("chain", "c-1", cancellationToken: Ct);
        await using var b = new SqliteFlowHost(Db, _connector, _clock, chain);
        await b.StartAsync();
        await a.Storage.RequestResumeAsync("c-1", "ada", Ct);

        // Both hosts read the waiting request; each then tries to claim the version it read.
        int[] handled = await Task.WhenAll(
            Task.Run(() => a.Recovery.HandleResumeRequestsAsync(Ct), Ct),
            Task.Run(() => b.Recovery.HandleResumeRequestsAsync(Ct), Ct));

        Assert.Equal(1, handled.Sum());
        Assert.Single(await TransitionsToAsync(a.Journal, "c-1", "done"));
        Assert.Equal(["requested", "resuming", "done"], await StatesAsync(a.Memory, "c-1"));
    }

    [Fact]
    public async Task RequestResume_ForAnInstanceTheHostDoesNotKnow_IsMarkedFailedAndNotRetried()
    {
        await using var host = new SqliteFlowHost(Db, _connector, _clock, Chain());
        await host.StartAsync();

        // A request for an instance this host's storage has no trace of (written as a shell would, bypassing its check).
        var ghost = new FlowResumeRequest("ghost", FlowResumeRequestStatus.Requested, "ada", _clock.GetUtcNow());
        await host.Memory.WriteAsync(FlowResumeRequests.Write(ghost, new Provenance(ActorKind.Operator, "ada"), expectedVersion: 0), Ct);
        FlowResumeRequest failed = await PollUntilHandledAsync(host.Storage, "ghost");
        for (int i = 0; i < 3; i++)
        {
            _clock.Advance(Poll);
            await Task.Delay(50, Ct);
        }

        Assert.Equal(FlowResumeRequestStatus.Failed, failed.Status);
        Assert.Contains("ghost", failed.Error, StringComparison.Ordinal);
        Assert.Equal(["requested", "resuming", "failed"], await StatesAsync(host.Memory, "ghost"));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    private static FlowDefinition Chain() => FlowDefinition.Create("chain")
        .Initial("new")
        .State("new", s => s.Always().Step("one", "notes.write", c => new JsonObject { ["n"] = 1 }).TransitionTo("middle"))
        .State("middle", s => s.Always().Step("two", "notes.write", c => new JsonObject { ["n"] = 2 }).TransitionTo("done"))
        .Terminal("done")
        .Build();

    /// <summary>Advances the clock one poll interval at a time (a poll may start waiting after any advance) until a host handled the request.</summary>
    private async Task<FlowResumeRequest> PollUntilHandledAsync(FlowStorage storage, string instanceId)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            FlowResumeRequest? request = await storage.GetResumeRequestAsync(instanceId, timeout.Token);
            if (request is { Status: FlowResumeRequestStatus.Done or FlowResumeRequestStatus.Failed })
            {
                return request;
            }

            _clock.Advance(Poll);
            await Task.Delay(20, timeout.Token);
        }
    }

    private static async Task<List<string>> StatesAsync(MemoryStore memory, string instanceId) =>
        (await memory.GetHistoryAsync("flow-requests", instanceId, Ct)).Select(r => r.Value.GetProperty("state").GetString()!).ToList();

    private static async Task<List<FlowRecord>> TransitionsToAsync(Journal journal, string instanceId, string state)
    {
        var found = new List<FlowRecord>();
        await foreach (JournalEvent e in journal.ReadStreamAsync(FlowEventTypes.StreamOf(instanceId), Ct))
        {
            found.AddRange(FlowRecord.Read(e).Where(r => r.Type == FlowEventTypes.Transition && r.Payload.GetProperty("to").GetString() == state));
        }

        return found;
    }
}
