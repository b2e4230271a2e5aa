using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace OperatorOs.Memory.Tests.Journal;

public class InMemoryJournalTests
{
    private static readonly DateTimeOffset Start = new(2026, 9, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task AppendAsync_FirstEvent_HasSequenceOneAndGenesisPreviousHash()
    {
        // Arrange
        var clock = new FakeTimeProvider(Start);
        var journal = new InMemoryJournal(clock);
        JsonElement payload = TestJson.Parse("""{"intent":"i-1"}""");

        // Act
        JournalEvent e = await journal.AppendAsync(new JournalEntry("correlation/1", JournalEventTypes.IntentReceived, payload, "c-1"), TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(1, e.Sequence);
        Assert.Equal("correlation/1", e.Stream);
        Assert.Equal(JournalEventTypes.IntentReceived, e.Type);
        Assert.Equal("i-1", e.Payload.GetProperty("intent").GetString());
        Assert.Equal("c-1", e.CorrelationId);
        Assert.Equal(Start, e.Timestamp);
        Assert.Equal(JournalChain.GenesisHash, e.PreviousHash);
        Assert.Equal(JournalChain.ComputePayloadHash(payload), e.PayloadHash);
        Assert.Equal(JournalChain.ComputeHash(JournalChain.GenesisHash, e), e.Hash);
        Assert.Equal(1, journal.Count);
    }

    [Fact]
    public async Task AppendCanonical_ManyEventsOfEverySize_AcrossBlocksAndChunks_ReadBackAndVerify()
    {
        // Arrange: sizes around the shared chunks' 16 KiB and the 4 KiB above which a payload gets an array of its own.
        var journal = new InMemoryJournal(new FakeTimeProvider(Start));
        int[] sizes = [0, 10, 4_000, 4_200, 9_000, 16_300, 40_000, 3];
        var expected = new List<string?>();

        // Act: more events than a block holds, mixed with entries.
        for (int i = 0; i < 300; i++)
        {
            int size = sizes[i % sizes.Length];
            if (i % 7 == 3)
            {
                await journal.AppendAsync(Entry(i), TestContext.Current.CancellationToken);
                expected.Add(Entry(i).Payload.GetProperty("i").GetRawText());
                continue;
            }

            byte[] canonical = size == 0 ? [] : JournalChain.SerializePayload(TestJson.Parse($$"""{"i":{{i}},"text":"{{new string((char)('a' + (i % 26)), size)}}"}"""));
            await journal.AppendAsync("s", "t.e", canonical, null, TestContext.Current.CancellationToken);
            expected.Add(size == 0 ? null : $"{i}:{size}");
        }

        // Assert
        var read = new List<string?>();
        await foreach (JournalEvent e in journal.ReadAsync(1, TestContext.Current.CancellationToken))
        {
            read.Add(e.Payload.ValueKind == JsonValueKind.Undefined ? null
                : e.Payload.TryGetProperty("text", out JsonElement text) ? $"{e.Payload.GetProperty("i").GetInt32()}:{text.GetString()!.Length}"
                : e.Payload.GetProperty("i").GetRawText());
        }

        Assert.Equal(expected, read);
        JournalVerification verification = await journal.VerifyAsync(TestContext.Current.CancellationToken);
        Assert.True(verification.IsIntact, verification.Problem);
        Assert.Equal(300, verification.EventsVerified);
    }

    [Fact]
    public async Task AppendAsync_ManyEvents_SequencesAreGapFreeAndHashesChain()
    {
        // Arrange
        var clock = new FakeTimeProvider(Start);
        var journal = new InMemoryJournal(clock);
        var appended = new List<JournalEvent>();

        // Act
        for (int i = 0; i < 20; i++)
        {
            appended.Add(await journal.AppendAsync(Entry(i), TestContext.Current.CancellationToken));
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        // Assert
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), appended.Select(e => e.Sequence));
        for (int i = 1; i < appended.Count; i++)
        {
            Assert.Equal(appended[i - 1].Hash, appended[i].PreviousHash);
            Assert.Equal(JournalChain.ComputeHash(appended[i].PreviousHash, appended[i]), appended[i].Hash);
            Assert.Equal(Start.AddSeconds(i), appended[i].Timestamp);
        }

        Assert.Equal(appended.Count, appended.Select(e => e.Hash).Distinct().Count());
    }

    [Fact]
    public async Task AppendAsync_UndefinedPayload_HashesAsEmpty()
    {
        var journal = new InMemoryJournal(new FakeTimeProvider(Start));

        JournalEvent e = await journal.AppendAsync(new JournalEntry("s", "t", default), TestContext.Current.CancellationToken);

        Assert.Equal(JsonValueKind.Undefined, e.Payload.ValueKind);
        Assert.Equal(JournalChain.ComputePayloadHash(default), e.PayloadHash);
        Assert.True((await journal.VerifyAsync(TestContext.Current.CancellationToken)).IsIntact);
    }

    [Fact]
    public async Task AppendAsync_Null_ThrowsArgumentNull()
    {
        var journal = new InMemoryJournal();

        await Assert.ThrowsAsync<ArgumentNullException>(() => journal.AppendAsync(null!, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task AppendAsync_CanceledToken_ThrowsAndAppendsNothing()
    {
        var journal = new InMemoryJournal();
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => journal.AppendAsync(Entry(0), cts.Token));

        Assert.Equal(0, journal.Count);
    }

    [Fact]
    public async Task ReadAsync_Default_ReturnsEveryEventInOrder()
    {
        InMemoryJournal journal = await JournalWith(5);

        List<JournalEvent> events = await ReadAll(journal.ReadAsync(cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal([1L, 2, 3, 4, 5], events.Select(e => e.Sequence));
    }

    [Fact]
    public async Task ReadAsync_FromSequence_StartsThere()
    {
        InMemoryJournal journal = await JournalWith(5);

        List<JournalEvent> events = await ReadAll(journal.ReadAsync(3, TestContext.Current.CancellationToken));

        Assert.Equal([3L, 4, 5], events.Select(e => e.Sequence));
    }

    [Theory]
    [InlineData(6)]
    [InlineData(100)]
    public async Task ReadAsync_PastTheEnd_ReturnsNothing(long from)
    {
        InMemoryJournal journal = await JournalWith(5);

        Assert.Empty(await ReadAll(journal.ReadAsync(from, TestContext.Current.CancellationToken)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task ReadAsync_SequenceBelowOne_Throws(long from)
    {
        InMemoryJournal journal = await JournalWith(1);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => ReadAll(journal.ReadAsync(from, TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task ReadAsync_AppendWhileReading_ReadsTheSnapshot()
    {
        InMemoryJournal journal = await JournalWith(3);
        var seen = new List<long>();

        await foreach (JournalEvent e in journal.ReadAsync(1, TestContext.Current.CancellationToken))
        {
            seen.Add(e.Sequence);
            _ = await journal.AppendAsync(Entry(99), TestContext.Current.CancellationToken);
        }

        Assert.Equal([1L, 2, 3], seen);
        Assert.Equal(6, journal.Count);
    }

    [Fact]
    public async Task ReadStreamAsync_Stream_ReturnsOnlyItsEventsInOrder()
    {
        // Arrange
        var journal = new InMemoryJournal(new FakeTimeProvider(Start));
        string[] streams = ["a", "b", "a", "c", "a", "b", "A"];
        foreach (string stream in streams)
        {
            _ = await journal.AppendAsync(new JournalEntry(stream, "t", TestJson.Parse("{}")), TestContext.Current.CancellationToken);
        }

        // Act
        List<JournalEvent> a = await ReadAll(journal.ReadStreamAsync("a", TestContext.Current.CancellationToken));
        List<JournalEvent> b = await ReadAll(journal.ReadStreamAsync("b", TestContext.Current.CancellationToken));
        List<JournalEvent> none = await ReadAll(journal.ReadStreamAsync("z", TestContext.Current.CancellationToken));

        // Assert
        Assert.Equal([1L, 3, 5], a.Select(e => e.Sequence));
        Assert.All(a, e => Assert.Equal("a", e.Stream));
        Assert.Equal([2L, 6], b.Select(e => e.Sequence));
        Assert.Empty(none);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public async Task ReadStreamAsync_EmptyStream_Throws(string stream)
    {
        var journal = new InMemoryJournal();

        await Assert.ThrowsAsync<ArgumentException>(() => ReadAll(journal.ReadStreamAsync(stream, TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task VerifyAsync_Empty_IsIntactWithZero()
    {
        var journal = new InMemoryJournal();

        Assert.Equal(JournalVerification.Intact(0), await journal.VerifyAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task VerifyAsync_ThousandConcurrentAppends_IsIntactAndGapFree()
    {
        // Several rounds, because a race only shows when writers actually overlap.
        for (int round = 0; round < 5; round++)
        {
            // Arrange
            var journal = new InMemoryJournal(new FakeTimeProvider(Start));

            // Act: a few long-running writers released together overlap far more than a thousand tiny work items would.
            const int Writers = 4;
            const int PerWriter = 250;
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Task<JournalEvent[]>[] writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
            {
                await start.Task;
                var mine = new List<JournalEvent>();
                for (int n = 0; n < PerWriter; n++)
                {
                    int i = (w * PerWriter) + n;
                    mine.Add(await journal.AppendAsync(new JournalEntry($"stream/{i % 7}", "t", TestJson.Parse($$"""{"i":{{i}}}"""), $"c-{i}"), TestContext.Current.CancellationToken));
                }

                return mine.ToArray();
            })).ToArray();
            start.SetResult();
            JournalEvent[][] batches = await Task.WhenAll(writers);
            JournalEvent[] appended = [.. batches.SelectMany(b => b)];
            JournalVerification verification = await journal.VerifyAsync(TestContext.Current.CancellationToken);

            // Assert
            Assert.Equal(JournalVerification.Intact(1000), verification);
            Assert.Equal(1000, journal.Count);
            Assert.Equal(Enumerable.Range(1, 1000).Select(i => (long)i), appended.Select(e => e.Sequence).Order());
            List<JournalEvent> stored = await ReadAll(journal.ReadAsync(1, TestContext.Current.CancellationToken));
            Assert.Equal(Enumerable.Range(0, 1000), stored.Select(e => e.Payload.GetProperty("i").GetInt32()).Order());
            Assert.Equal(appended.OrderBy(e => e.Sequence).Select(e => e.Hash), stored.Select(e => e.Hash));
        }
    }

    [Fact]
    public async Task VerifyAsync_TamperedPayload_ReportsThatSequence()
    {
        // Arrange
        InMemoryJournal journal = await JournalWith(10);
        journal.Tamper(7, e => e with { Payload = TestJson.Parse("""{"i":-1}""") });

        // Act
        JournalVerification result = await journal.VerifyAsync(TestContext.Current.CancellationToken);

        // Assert
        Assert.False(result.IsIntact);
        Assert.Equal(7, result.FirstBrokenSequence);
        Assert.Equal(6, result.EventsVerified);
        Assert.NotNull(result.Problem);
    }

    [Fact]
    public async Task VerifyAsync_TamperedHash_ReportsThatSequence()
    {
        InMemoryJournal journal = await JournalWith(10);
        journal.Tamper(4, e => e with { Hash = new string('f', 64) });

        JournalVerification result = await journal.VerifyAsync(TestContext.Current.CancellationToken);

        Assert.False(result.IsIntact);
        Assert.Equal(4, result.FirstBrokenSequence);
        Assert.Equal(3, result.EventsVerified);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(10)]
    public async Task VerifyAsync_TamperedType_ReportsThatSequence(long sequence)
    {
        InMemoryJournal journal = await JournalWith(10);
        journal.Tamper(sequence, e => e with { Type = JournalEventTypes.ApprovalApproved });

        JournalVerification result = await journal.VerifyAsync(TestContext.Current.CancellationToken);

        Assert.False(result.IsIntact);
        Assert.Equal(sequence, result.FirstBrokenSequence);
    }

    [Fact]
    public async Task VerifyAsync_TwoTamperedEvents_ReportsTheFirst()
    {
        InMemoryJournal journal = await JournalWith(10);
        journal.Tamper(8, e => e with { Payload = TestJson.Parse("{}") });
        journal.Tamper(3, e => e with { CorrelationId = "forged" });

        JournalVerification result = await journal.VerifyAsync(TestContext.Current.CancellationToken);

        Assert.Equal(3, result.FirstBrokenSequence);
    }

    [Fact]
    public async Task VerifyAsync_TamperedThenAppended_StillReportsTheTamperedSequence()
    {
        InMemoryJournal journal = await JournalWith(5);
        journal.Tamper(2, e => e with { Payload = TestJson.Parse("""{"i":42}""") });

        _ = await journal.AppendAsync(Entry(5), TestContext.Current.CancellationToken);
        JournalVerification result = await journal.VerifyAsync(TestContext.Current.CancellationToken);

        Assert.Equal(2, result.FirstBrokenSequence);
    }

    [Fact]
    public async Task VerifyAsync_PayloadDroppedByRetention_StaysIntact()
    {
        InMemoryJournal journal = await JournalWith(5);
        journal.Tamper(3, e => e with { Payload = default });

        Assert.Equal(JournalVerification.Intact(5), await journal.VerifyAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Constructor_NoClock_StampsWithTheSystemClock()
    {
        var journal = new InMemoryJournal();
        DateTimeOffset before = TimeProvider.System.GetUtcNow();

        JournalEvent e = await journal.AppendAsync(Entry(0), TestContext.Current.CancellationToken);

        Assert.InRange(e.Timestamp, before, TimeProvider.System.GetUtcNow());
    }

    private static JournalEntry Entry(int i) =>
        new($"correlation/{i % 3}", JournalEventTypes.ProposalCreated, TestJson.Parse($$"""{"i":{{i}}}"""), i % 2 == 0 ? $"c-{i}" : null);

    private static async Task<InMemoryJournal> JournalWith(int count)
    {
        var clock = new FakeTimeProvider(Start);
        var journal = new InMemoryJournal(clock);
        for (int i = 0; i < count; i++)
        {
            _ = await journal.AppendAsync(Entry(i), TestContext.Current.CancellationToken);
            clock.Advance(TimeSpan.FromMilliseconds(10));
        }

        return journal;
    }

    private static async Task<List<JournalEvent>> ReadAll(IAsyncEnumerable<JournalEvent> events)
    {
        var list = new List<JournalEvent>();
        await foreach (JournalEvent e in events)
        {
            list.Add(e);
        }

        return list;
    }
}
