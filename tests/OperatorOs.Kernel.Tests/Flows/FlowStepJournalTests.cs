using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace OperatorOs.Kernel.Tests.Flows;

/// <summary>How a step policy lets run at once is journaled (schema 2): one event before the effect, the outcome with what comes next, and a status round trip only when the token may have been presented before.</summary>
public sealed class FlowStepJournalTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StepThatRunsAtOnce_ItsProposalAndDecisionAreDurableBeforeTheEffect_AndNoOtherEventsAreWritten()
    {
        await using var h = new FlowHarness(b => b.AddFlow(FlowHarness.Enrollment()));
        await h.Flows.StartAsync("enrollment", "enr-1", FlowHarness.Json("""{"student":"s42"}"""), cancellationToken: Ct);
        string token = OperationToken.ForFlowStep("enr-1", "1.note-payment").Value;
        FlowRecord? lastBeforeEffect = null;
        h.Connector.ExecuteAsyncCallback = async (request, _) =>
        {
            lastBeforeEffect = (await h.RecordsAsync("enr-1"))[^1];
            return request.Arguments;
        };
        long before = (await h.Kernel.EventsAsync()).Count;

        await h.Flows.RaiseAsync("enr-1", "payment.received", FlowHarness.Json("""{"amount":150}"""), Ct);

        // Before the effect: the transition's acceptance and the step's proposal and decision, in one event.
        Assert.NotNull(lastBeforeEffect);
        FlowRecord started = lastBeforeEffect.Value;
        Assert.Equal(FlowEventTypes.StepStarted, started.Type);
        Assert.Equal(FlowEventTypes.Checkpoint, started.Event.Type);
        Assert.Equal(token, started.Payload.GetProperty("proposalId").GetString());
        Assert.Equal("Execute", started.Payload.GetProperty("verdict").GetString());
        Assert.Equal("risk-tier.internal", started.Payload.GetProperty("rule").GetString());
        Assert.Equal(150, started.Payload.GetProperty("arguments").GetProperty("paid").GetDecimal());

        // After it: one more event with the outcome and the transition; nothing else anywhere in the journal.
        List<JournalEvent> added = (await h.Kernel.EventsAsync()).Skip((int)before).ToList();
        Assert.Equal(2, added.Count);
        Assert.All(added, e => Assert.Equal(FlowEventTypes.StreamOf("enr-1"), e.Stream));
        Assert.Equal([FlowEventTypes.StepCompleted, FlowEventTypes.Transition], FlowRecord.Read(added[1]).Select(r => r.Type));
        Assert.Equal(token, FlowRecord.Read(added[1]).First().Payload.GetProperty("proposalId").GetString());

        // Written as bytes, verified as the parsed events written back: the same hashes.
        JournalVerification verification = await JournalChain.VerifyAsync(h.Kernel.Journal.ReadAsync(1, Ct), cancellationToken: Ct);
        Assert.True(verification.IsIntact, verification.Problem);
    }

    [Fact]
    public async Task StepsOfANewInstance_GoStraightToTheConnector_WithoutAStatusRoundTrip()
    {
        await using var h = new FlowHarness(b => b.AddFlow(FlowHarness.Enrollment()));
        int statusCalls = 0;
        h.Connector.GetStatusCallback = _ =>
        {
            Interlocked.Increment(ref statusCalls);
            return null;
        };
        await h.Flows.StartAsync("enrollment", "enr-1", FlowHarness.Json("""{"student":"s42"}"""), cancellationToken: Ct);

        FlowInstance active = await h.Flows.RaiseAsync("enr-1", "payment.received", FlowHarness.Json("""{"amount":150}"""), Ct);

        Assert.Equal("active", active.State);
        Assert.Single(h.Connector.Effects);
        Assert.Equal(0, statusCalls);
    }

    [Fact]
    public async Task CallEndingInTheMiddleOfAStep_TheNextRunAsksTheConnectorBeforeProposingItAgain()
    {
        await using var h = new FlowHarness(b => b.AddFlow(FlowHarness.Enrollment()));
        int statusCalls = 0;
        h.Connector.GetStatusCallback = _ =>
        {
            Interlocked.Increment(ref statusCalls);
            return null;
        };
        await h.Flows.StartAsync("enrollment", "enr-1", FlowHarness.Json("""{"student":"s42"}"""), cancellationToken: Ct);

        // A connector bug, not a connector failure: the call ends with the token presented and no outcome recorded.
        h.Connector.ExecuteAsyncCallback = (_, _) => throw new InvalidOperationException("the connector crashed");
        await Assert.ThrowsAsync<InvalidOperationException>(() => h.Flows.RaiseAsync("enr-1", "payment.received", FlowHarness.Json("""{"amount":150}"""), Ct));
        h.Connector.ExecuteAsyncCallback = null;

        FlowInstance resumed = await h.Flows.ResumeAsync("enr-1", Ct);

        Assert.Equal("active", resumed.State);
        Assert.True(statusCalls >= 1, "the step was proposed again without asking the connector first");
        Assert.Single(h.Connector.Effects);
    }

    [Fact]
    public async Task RestartAfterTheEffect_TheStepIsFoundDoneByTheConnector_AndNotRepeated()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 9, 1, 9, 0, 0, TimeSpan.Zero));
        var connector = new RecordingConnector("test", [RecordingConnector.Capability("notes.write", RiskTier.Internal), RecordingConnector.Capability("billing.refund", RiskTier.Financial)], clock);
        int statusCalls = 0;
        connector.GetStatusCallback = _ =>
        {
            Interlocked.Increment(ref statusCalls);
            return null;
        };
        string db = _directory.Combine("operator.db");
        await using (var first = new SqliteFlowHost(db, connector, clock, FlowHarness.Enrollment()))
        {
            await first.StartAsync();
            await first.Flows.StartAsync("enrollment", "enr-1", FlowHarness.Json("""{"student":"s42"}"""), cancellationToken: Ct);
            connector.LoseNextAcknowledgement = true;
            FlowInstance interrupted = await first.Flows.RaiseAsync("enr-1", "payment.received", FlowHarness.Json("""{"amount":150}"""), Ct);
            Assert.Equal(FlowStatus.Running, interrupted.Status);
            Assert.Equal(0, statusCalls);
        }

        await using var second = new SqliteFlowHost(db, connector, clock, FlowHarness.Enrollment());
        await second.StartAsync();

        FlowInstance resumed = (await second.Flows.GetAsync("enr-1", Ct))!;
        Assert.Equal("active", resumed.State);
        Assert.True(statusCalls >= 1);
        Assert.Single(connector.Effects);
        List<FlowRecord> records = [];
        await foreach (JournalEvent e in second.Journal.ReadStreamAsync(FlowEventTypes.StreamOf("enr-1"), Ct))
        {
            records.AddRange(FlowRecord.Read(e));
        }

        // Started, failed with the lost acknowledgement, then settled from the connector's record after the restart.
        Assert.Equal(
            [FlowEventTypes.Started, FlowEventTypes.Accepted, FlowEventTypes.StepStarted, FlowEventTypes.Failed, FlowEventTypes.StepCompleted, FlowEventTypes.Transition],
            records.Select(r => r.Type));
        JournalVerification verification = await second.Journal.VerifyAsync(Ct);
        Assert.True(verification.IsIntact, verification.Problem);
        JournalVerification reserialized = await JournalChain.VerifyAsync(second.Journal.ReadAsync(1, Ct), cancellationToken: Ct);
        Assert.True(reserialized.IsIntact, reserialized.Problem);
    }

    [Fact]
    public async Task EventThatCannotBeWritten_LeavesTheInstanceAsTheJournalHasIt()
    {
        var journal = new FailingJournal();
        await using var h = new FlowHarness(b => b.AddFlow(FlowHarness.Enrollment()), services: s => s.AddSingleton<Journal>(journal));
        await h.Flows.StartAsync("enrollment", "enr-1", FlowHarness.Json("""{"student":"s42"}"""), cancellationToken: Ct);

        journal.FailNext = true;
        await Assert.ThrowsAsync<IOException>(() => h.Flows.RaiseAsync("enr-1", "payment.received", FlowHarness.Json("""{"amount":150}"""), Ct));

        // The acceptance and the step's proposal never reached the journal, and the step did not run; the instance waits where it was.
        FlowInstance instance = (await h.Flows.GetAsync("enr-1", Ct))!;
        Assert.Equal("awaiting-payment", instance.State);
        Assert.Equal(FlowStatus.Active, instance.Status);
        Assert.Empty(h.Connector.Effects);
        FlowInstance paid = await h.Flows.RaiseAsync("enr-1", "payment.received", FlowHarness.Json("""{"amount":150}"""), Ct);
        Assert.Equal("active", paid.State);
        Assert.Single(h.Connector.Effects);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    /// <summary>An in-memory journal whose next canonical append can be made to fail, as a full disk would.</summary>
    private sealed class FailingJournal : Journal
    {
        private readonly InMemoryJournal _inner = new();

        public bool FailNext { get; set; }

        public override Task<JournalEvent> AppendAsync(JournalEntry entry, CancellationToken cancellationToken = default) => _inner.AppendAsync(entry, cancellationToken);

        public override IAsyncEnumerable<JournalEvent> ReadAsync(long fromSequence = 1, CancellationToken cancellationToken = default) => _inner.ReadAsync(fromSequence, cancellationToken);

        public override IAsyncEnumerable<JournalEvent> ReadStreamAsync(string stream, CancellationToken cancellationToken = default) => _inner.ReadStreamAsync(stream, cancellationToken);

        public override Task<int> DropPayloadsAsync(IReadOnlyCollection<string> types, DateTimeOffset appendedBefore, CancellationToken cancellationToken = default) =>
            _inner.DropPayloadsAsync(types, appendedBefore, cancellationToken);

        protected override ValueTask<long> AppendCanonicalAsync(string stream, string type, ReadOnlyMemory<byte> canonicalPayload, string? correlationId, CancellationToken cancellationToken)
        {
            if (FailNext)
            {
                FailNext = false;
                throw new IOException("the disk is full");
            }

            return _inner.AppendAsync(stream, type, canonicalPayload, correlationId, cancellationToken);
        }
    }
}
