using System.Runtime.CompilerServices;

namespace OperatorOs.Abstractions.Tests.Journal;

public class JournalTests
{
    [Fact]
    public async Task AppendCanonical_StoreWithoutItsOwn_ParsesThePayloadAndAppendsAnEntry()
    {
        var journal = new EntryOnlyJournal();

        long sequence = await journal.AppendAsync("flow/a", "flow.started", """{"schema":2,"n":1.50}"""u8.ToArray(), "c1", TestContext.Current.CancellationToken);

        JournalEntry entry = Assert.Single(journal.Entries);
        Assert.Equal(1, sequence);
        Assert.Equal(["flow/a", "flow.started", "c1"], new[] { entry.Stream, entry.Type, entry.CorrelationId });
        Assert.Equal("""{"schema":2,"n":1.50}""", entry.Payload.GetRawText());
    }

    [Fact]
    public async Task AppendCanonical_NoBytes_AppendsAnEntryWithoutPayload()
    {
        var journal = new EntryOnlyJournal();

        await journal.AppendAsync("s", "t.e", ReadOnlyMemory<byte>.Empty, null, TestContext.Current.CancellationToken);

        Assert.Equal(System.Text.Json.JsonValueKind.Undefined, Assert.Single(journal.Entries).Payload.ValueKind);
    }

    [Fact]
    public async Task AppendCanonical_CancelledToken_ThrowsBeforeAppending()
    {
        var journal = new EntryOnlyJournal();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await journal.AppendAsync("s", "t.e", "{}"u8.ToArray(), null, new CancellationToken(canceled: true)));

        Assert.Empty(journal.Entries);
    }

    private sealed class EntryOnlyJournal : OperatorOs.Journal
    {
        public List<JournalEntry> Entries { get; } = [];

        public override Task<JournalEvent> AppendAsync(JournalEntry entry, CancellationToken cancellationToken = default)
        {
            Entries.Add(entry);
            return Task.FromResult(new JournalEvent(Entries.Count, entry.Stream, entry.Type, entry.Payload, entry.CorrelationId, DateTimeOffset.UnixEpoch, "p", "q", "h"));
        }

        public override async IAsyncEnumerable<JournalEvent> ReadAsync(long fromSequence = 1, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.CompletedTask;
            yield break;
        }

        public override IAsyncEnumerable<JournalEvent> ReadStreamAsync(string stream, CancellationToken cancellationToken = default) => ReadAsync(1, cancellationToken);

        public override Task<int> DropPayloadsAsync(IReadOnlyCollection<string> types, DateTimeOffset appendedBefore, CancellationToken cancellationToken = default) => Task.FromResult(0);
    }
}
