using System.Text.Json;
using Xunit;

namespace OperatorOs.Testing;

/// <summary>The behaviour every <see cref="Journal"/> must have; derive, implement <see cref="CreateJournalAsync"/>, and the tests run against your store.</summary>
public abstract class JournalConformanceTests : IAsyncLifetime
{
    private readonly List<IAsyncDisposable> _cleanup = [];

    /// <summary>Gets the cancellation token of the running test.</summary>
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Creates an empty journal for one test.</summary>
    /// <param name="timeProvider">The clock the journal must stamp events with.</param>
    /// <returns>The journal.</returns>
    protected abstract Task<Journal> CreateJournalAsync(TimeProvider timeProvider);

    /// <summary>Opens the same journal again, as after a restart, or returns <see langword="null"/> when the store is not durable.</summary>
    /// <param name="journal">A journal created by <see cref="CreateJournalAsync"/>.</param>
    /// <returns>A new instance over the same storage, or <see langword="null"/>.</returns>
    protected virtual Task<Journal?> ReopenAsync(Journal journal) => Task.FromResult<Journal?>(null);

    /// <inheritdoc/>
    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        foreach (IAsyncDisposable disposable in Enumerable.Reverse(_cleanup))
        {
            await disposable.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task AppendAsync_Sequential_AssignsGapFreeSequencesAndChainsHashes()
    {
        Journal journal = await CreateAsync();

        JournalEvent first = await journal.AppendAsync(Entry("s/1", "a.b", """{"n":1}"""), Ct);
        JournalEvent second = await journal.AppendAsync(Entry("s/2", "a.c", """{"n":2}""", correlationId: null), Ct);

        Assert.Equal(1, first.Sequence);
        Assert.Equal(2, second.Sequence);
        Assert.Equal(JournalChain.GenesisHash, first.PreviousHash);
        Assert.Equal(first.Hash, second.PreviousHash);
        Assert.Null(second.CorrelationId);
        Assert.True((await journal.VerifyAsync(Ct)).IsIntact);
    }

    [Fact]
    public async Task ReadAsync_ReturnsWhatWasAppended()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
        Journal journal = await CreateAsync(clock);
        JournalEvent appended = await journal.AppendAsync(Entry("s/1", "a.b", """{"text":"héllo \"quoted\"","list":[1,2.5,null,true]}"""), Ct);

        JournalEvent read = Assert.Single(await ToListAsync(journal.ReadAsync(1, Ct)));

        Assert.Equal(appended.Sequence, read.Sequence);
        Assert.Equal(appended.Hash, read.Hash);
        Assert.Equal(appended.PayloadHash, read.PayloadHash);
        Assert.Equal(clock.GetUtcNow(), read.Timestamp);
        Assert.Equal("héllo \"quoted\"", read.Payload.GetProperty("text").GetString());
        Assert.Equal(JournalChain.ComputePayloadHash(read.Payload), read.PayloadHash);
    }

    [Fact]
    public async Task ReadAsync_FromASequence_SkipsEarlierEvents()
    {
        Journal journal = await CreateAsync();
        for (int i = 0; i < 5; i++)
        {
            await journal.AppendAsync(Entry("s", "t.e", $$"""{"i":{{i}}}"""), Ct);
        }

        List<JournalEvent> events = await ToListAsync(journal.ReadAsync(4, Ct));

        Assert.Equal([4L, 5L], events.Select(e => e.Sequence));
    }

    [Fact]
    public async Task ReadStreamAsync_ReturnsOnlyThatStreamInOrder()
    {
        Journal journal = await CreateAsync();
        await journal.AppendAsync(Entry("a", "t.e", "{}"), Ct);
        await journal.AppendAsync(Entry("b", "t.e", "{}"), Ct);
        await journal.AppendAsync(Entry("a", "t.f", "{}"), Ct);

        List<JournalEvent> events = await ToListAsync(journal.ReadStreamAsync("a", Ct));

        Assert.Equal([1L, 3L], events.Select(e => e.Sequence));
        Assert.Equal(["t.e", "t.f"], events.Select(e => e.Type));
    }

    [Fact]
    public async Task AppendAsync_Concurrent_EveryAppendAcknowledgedOnceAndTheChainVerifies()
    {
        Journal journal = await CreateAsync();

        JournalEvent[] appended = await Task.WhenAll(Enumerable.Range(0, 400).Select(i =>
            Task.Run(() => journal.AppendAsync(Entry($"writer/{i % 8}", "t.e", $$"""{"i":{{i}}}"""), Ct), Ct)));

        Assert.Equal(Enumerable.Range(1, 400).Select(i => (long)i), appended.Select(e => e.Sequence).Order());
        JournalVerification verification = await journal.VerifyAsync(Ct);
        Assert.True(verification.IsIntact, verification.Problem);
        Assert.Equal(400, verification.EventsVerified);
        Assert.Equal(400, (await ToListAsync(journal.ReadAsync(1, Ct))).Select(e => e.Payload.GetProperty("i").GetInt32()).Distinct().Count());
    }

    [Fact]
    public async Task AppendAsync_UndefinedPayload_IsStoredAndVerifies()
    {
        Journal journal = await CreateAsync();

        await journal.AppendAsync(new JournalEntry("s", "t.e", default), Ct);

        JournalEvent read = Assert.Single(await ToListAsync(journal.ReadAsync(1, Ct)));
        Assert.Equal(JsonValueKind.Undefined, read.Payload.ValueKind);
        Assert.True((await journal.VerifyAsync(Ct)).IsIntact);
    }

    [Fact]
    public async Task TailAsync_YieldsExistingEventsThenNewOnes()
    {
        Journal journal = await CreateAsync();
        await journal.AppendAsync(Entry("s", "t.e", """{"i":1}"""), Ct);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var seen = new List<long>();

        Task tail = Task.Run(
            async () =>
            {
                await foreach (JournalEvent e in journal.TailAsync(1, cancel.Token))
                {
                    seen.Add(e.Sequence);
                    if (seen.Count == 3)
                    {
                        return;
                    }
                }
            },
            Ct);
        await journal.AppendAsync(Entry("s", "t.e", """{"i":2}"""), Ct);
        await journal.AppendAsync(Entry("s", "t.e", """{"i":3}"""), Ct);

        await tail.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        Assert.Equal([1L, 2L, 3L], seen);
    }

    [Fact]
    public async Task DropPayloadsAsync_DropsOnlyOldEventsOfTheGivenTypesAndTheChainStillVerifies()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        Journal journal = await CreateAsync(clock);
        await journal.AppendAsync(Entry("s", "intent.received", """{"body":"old email"}"""), Ct);
        await journal.AppendAsync(Entry("s", "policy.decided", """{"rule":"r"}"""), Ct);
        clock.Advance(TimeSpan.FromDays(20));
        await journal.AppendAsync(Entry("s", "intent.received", """{"body":"new email"}"""), Ct);

        int dropped = await journal.DropPayloadsAsync(["intent.received"], clock.GetUtcNow() - TimeSpan.FromDays(14), Ct);

        Assert.Equal(1, dropped);
        List<JournalEvent> events = await ToListAsync(journal.ReadAsync(1, Ct));
        Assert.Equal(JsonValueKind.Undefined, events[0].Payload.ValueKind);
        Assert.Equal("r", events[1].Payload.GetProperty("rule").GetString());
        Assert.Equal("new email", events[2].Payload.GetProperty("body").GetString());
        JournalVerification verification = await journal.VerifyAsync(Ct);
        Assert.True(verification.IsIntact, verification.Problem);
        Assert.Equal(0, await journal.DropPayloadsAsync(["intent.received"], clock.GetUtcNow() - TimeSpan.FromDays(14), Ct));
    }

    [Fact]
    public async Task Reopen_KeepsEveryEventAndContinuesTheChain()
    {
        Journal journal = await CreateAsync();
        await journal.AppendAsync(Entry("s", "t.e", """{"i":1}"""), Ct);
        await journal.AppendAsync(Entry("s", "t.e", """{"i":2}"""), Ct);
        Journal? reopened = await ReopenAsync(journal);
        if (reopened is null)
        {
            // A store that lives in memory has nothing to reopen; its durability is not part of its contract.
            Assert.Equal(2, (await ToListAsync(journal.ReadAsync(1, Ct))).Count);
            return;
        }

        Track(reopened);
        JournalEvent third = await reopened.AppendAsync(Entry("s", "t.e", """{"i":3}"""), Ct);

        Assert.Equal(3, third.Sequence);
        JournalVerification verification = await reopened.VerifyAsync(Ct);
        Assert.True(verification.IsIntact, verification.Problem);
        Assert.Equal(3, verification.EventsVerified);
    }

    [Fact]
    public async Task AppendCanonical_StoresTheBytesAsHashed_AndChainsWithEntries()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
        Journal journal = await CreateAsync(clock);
        byte[] payload = Canonical("""{"text":"héllo \"quoted\" <b>","n":1.50,"list":[1,null,true]}""");

        JournalEvent first = await journal.AppendAsync(Entry("s/1", "a.b", """{"n":1}"""), Ct);
        long second = await journal.AppendAsync("s/2", "a.c", payload, "c2", Ct);
        JournalEvent third = await journal.AppendAsync(Entry("s/1", "a.b", """{"n":3}"""), Ct);

        Assert.Equal(2, second);
        List<JournalEvent> events = await ToListAsync(journal.ReadAsync(1, Ct));
        JournalEvent read = events[1];
        Assert.Equal(["s/2", "a.c", "c2"], new[] { read.Stream, read.Type, read.CorrelationId });
        Assert.Equal(clock.GetUtcNow(), read.Timestamp);
        Assert.Equal("héllo \"quoted\" <b>", read.Payload.GetProperty("text").GetString());
        Assert.Equal("1.50", read.Payload.GetProperty("n").GetRawText());
        Assert.Equal(JournalChain.HashCanonicalPayload(payload), read.PayloadHash);
        Assert.Equal(JournalChain.ComputePayloadHash(read.Payload), read.PayloadHash);
        Assert.Equal(first.Hash, read.PreviousHash);
        Assert.Equal(read.Hash, third.PreviousHash);
        Assert.Equal(JournalChain.ComputeHash(first.Hash, read), read.Hash);
        JournalVerification verification = await journal.VerifyAsync(Ct);
        Assert.True(verification.IsIntact, verification.Problem);
    }

    [Fact]
    public async Task AppendCanonical_BufferReusedAfterTheCall_KeepsWhatWasAppended()
    {
        Journal journal = await CreateAsync();
        byte[] buffer = Canonical("""{"i":1}""");

        ValueTask<long> first = journal.AppendAsync("s", "t.e", buffer, null, Ct);
        Canonical("""{"i":2}""").CopyTo(buffer, 0);
        long second = await journal.AppendAsync("s", "t.e", buffer, null, Ct);
        await first;

        List<JournalEvent> events = await ToListAsync(journal.ReadStreamAsync("s", Ct));
        Assert.Equal([1, 2], events.Select(e => e.Payload.GetProperty("i").GetInt32()));
        Assert.Equal(2, second);
    }

    [Fact]
    public async Task AppendCanonical_NoBytes_IsAnEventWithoutPayload()
    {
        Journal journal = await CreateAsync();

        await journal.AppendAsync("s", "t.e", ReadOnlyMemory<byte>.Empty, null, Ct);

        JournalEvent read = Assert.Single(await ToListAsync(journal.ReadAsync(1, Ct)));
        Assert.Equal(JsonValueKind.Undefined, read.Payload.ValueKind);
        Assert.Equal(JournalChain.ComputePayloadHash(default), read.PayloadHash);
        Assert.True((await journal.VerifyAsync(Ct)).IsIntact);
    }

    [Fact]
    public async Task AppendCanonical_InvalidNameOrMalformedPayload_ThrowsBeforeAnythingIsStored()
    {
        Journal journal = await CreateAsync();

        await Assert.ThrowsAsync<ArgumentException>(async () => await journal.AppendAsync("s\n1", "t.e", Canonical("{}"), null, Ct));
        await Assert.ThrowsAsync<ArgumentException>(async () => await journal.AppendAsync("s", " ", Canonical("{}"), null, Ct));
        await Assert.ThrowsAsync<ArgumentException>(async () => await journal.AppendAsync("s", "t.e", Canonical("{}"), "c\uD800", Ct));
        await Assert.ThrowsAsync<ArgumentException>(async () => await journal.AppendAsync("s", "t.e", "{\"a\":"u8.ToArray(), null, Ct));
        await Assert.ThrowsAsync<ArgumentException>(async () => await journal.AppendAsync("s", "t.e", "not json"u8.ToArray(), null, Ct));
        await Assert.ThrowsAsync<ArgumentException>(async () => await journal.AppendAsync("s", "t.e", "{} {}"u8.ToArray(), null, Ct));

        Assert.Empty(await ToListAsync(journal.ReadAsync(1, Ct)));
    }

    [Fact]
    public async Task AppendCanonical_ConcurrentWithEntries_EveryAppendAcknowledgedOnceAndTheChainVerifies()
    {
        Journal journal = await CreateAsync();

        long[] appended = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(
            async () => i % 2 == 0
                ? await journal.AppendAsync($"writer/{i % 8}", "t.e", Canonical($$"""{"i":{{i}}}"""), null, Ct)
                : (await journal.AppendAsync(Entry($"writer/{i % 8}", "t.e", $$"""{"i":{{i}}}"""), Ct)).Sequence,
            Ct)));

        Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), appended.Order());
        JournalVerification verification = await journal.VerifyAsync(Ct);
        Assert.True(verification.IsIntact, verification.Problem);
        Assert.Equal(200, (await ToListAsync(journal.ReadAsync(1, Ct))).Select(e => e.Payload.GetProperty("i").GetInt32()).Distinct().Count());
    }

    [Fact]
    public async Task DropPayloadsAsync_CanonicalEvents_DropsThemAndTheChainStillVerifies()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        Journal journal = await CreateAsync(clock);
        await journal.AppendAsync("s", "intent.received", Canonical("""{"body":"old"}"""), null, Ct);
        clock.Advance(TimeSpan.FromDays(20));
        await journal.AppendAsync("s", "intent.received", Canonical("""{"body":"new"}"""), null, Ct);

        Assert.Equal(1, await journal.DropPayloadsAsync(["intent.received"], clock.GetUtcNow() - TimeSpan.FromDays(14), Ct));

        List<JournalEvent> events = await ToListAsync(journal.ReadAsync(1, Ct));
        Assert.Equal(JsonValueKind.Undefined, events[0].Payload.ValueKind);
        Assert.Equal("new", events[1].Payload.GetProperty("body").GetString());
        JournalVerification verification = await journal.VerifyAsync(Ct);
        Assert.True(verification.IsIntact, verification.Problem);
    }

    /// <summary>Creates a journal event for the tests.</summary>
    /// <param name="stream">The stream.</param>
    /// <param name="type">The type.</param>
    /// <param name="payload">The payload as JSON text.</param>
    /// <param name="correlationId">The correlation id.</param>
    /// <returns>The entry.</returns>
    protected static JournalEntry Entry(string stream, string type, string payload, string? correlationId = "c1") =>
        new(stream, type, TestJson.Parse(payload), correlationId);

    /// <summary>Writes JSON text in the journal's canonical form, as a <see cref="System.Text.Json.Utf8JsonWriter"/> with default options does.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The canonical bytes.</returns>
    protected static byte[] Canonical(string json) => JournalChain.SerializePayload(TestJson.Parse(json));

    /// <summary>Registers something to dispose after the test.</summary>
    /// <param name="instance">The instance; disposed if it is disposable.</param>
    protected void Track(object instance)
    {
        switch (instance)
        {
            case IAsyncDisposable asyncDisposable:
                _cleanup.Add(asyncDisposable);
                break;
            case IDisposable disposable:
                _cleanup.Add(new DisposeAdapter(disposable));
                break;
        }
    }

    private async Task<Journal> CreateAsync(TimeProvider? clock = null)
    {
        Journal journal = await CreateJournalAsync(clock ?? TimeProvider.System);
        Track(journal);
        return journal;
    }

    private static async Task<List<JournalEvent>> ToListAsync(IAsyncEnumerable<JournalEvent> events)
    {
        var list = new List<JournalEvent>();
        await foreach (JournalEvent e in events)
        {
            list.Add(e);
        }

        return list;
    }

    private sealed class DisposeAdapter(IDisposable disposable) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            disposable.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
