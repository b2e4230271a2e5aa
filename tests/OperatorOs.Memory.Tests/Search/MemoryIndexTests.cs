using Microsoft.Extensions.Time.Testing;

namespace OperatorOs.Memory.Tests.Search;

public class MemoryIndexTests
{
    private static readonly DateTimeOffset Start = new(2026, 9, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly Provenance Operator = new(ActorKind.Operator, "operator");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(InMemoryMemoryStore Memory, MemoryIndex Index, FakeTimeProvider Clock)> CreateAsync()
    {
        var clock = new FakeTimeProvider(Start);
        var memory = new InMemoryMemoryStore(clock);
        await Write(memory, "course", "faq/deadline", MemoryKind.Fact, "\"Assignments are due Sunday at 23:59 UTC; late work loses 10% per day.\"");
        await Write(memory, "course", "faq/refunds", MemoryKind.Fact, "\"Refunds are possible within 14 days of payment for students who completed under 30% of the course.\"");
        await Write(memory, "course", "faq/grading", MemoryKind.Fact, "\"Grades follow the rubric; disputes go to the instructor within a week.\"");
        clock.Advance(TimeSpan.FromHours(1));
        await Write(memory, "inbox", "email/17", MemoryKind.Signal, "{\"subject\":\"refund please\",\"body\":\"I paid last week and want my money back\"}");
        return (memory, new MemoryIndex(new InMemoryVectorStore(), new HashingEmbeddingGenerator(), memory), clock);
    }

    private static Task<MemoryRecord> Write(MemoryStore memory, string entity, string attribute, MemoryKind kind, string json) =>
        memory.WriteAsync(new MemoryWrite(entity, attribute, kind, TestJson.Parse(json), Operator), Ct);

    [Fact]
    public async Task SearchAsync_FindsTheRelevantRecordFirst()
    {
        var (_, index, _) = await CreateAsync();

        IReadOnlyList<MemorySearchResult> results = await index.SearchAsync("when are assignments due? deadline", cancellationToken: Ct);

        Assert.Equal("faq/deadline", results[0].Record.Attribute);
    }

    [Fact]
    public async Task SearchAsync_FiltersByKindEntityAndTime()
    {
        var (_, index, _) = await CreateAsync();

        IReadOnlyList<MemorySearchResult> facts = await index.SearchAsync("refund", new MemorySearchOptions { Kind = MemoryKind.Fact }, Ct);
        IReadOnlyList<MemorySearchResult> inbox = await index.SearchAsync("refund", new MemorySearchOptions { Entity = "inbox" }, Ct);
        IReadOnlyList<MemorySearchResult> early = await index.SearchAsync("refund", new MemorySearchOptions { RecordedBefore = Start.AddMinutes(30) }, Ct);

        Assert.All(facts, r => Assert.Equal(MemoryKind.Fact, r.Record.Kind));
        Assert.Equal("faq/refunds", facts[0].Record.Attribute);
        Assert.Equal(["email/17"], inbox.Select(r => r.Record.Attribute));
        Assert.DoesNotContain(early, r => r.Record.Entity == "inbox");
    }

    [Fact]
    public async Task SearchAsync_WithinEntities_NeverReturnsOtherEntities()
    {
        var (_, index, _) = await CreateAsync();

        IReadOnlyList<MemorySearchResult> within = await index.SearchAsync("refund money back", new MemorySearchOptions { Entities = ["course"] }, Ct);
        IReadOnlyList<MemorySearchResult> none = await index.SearchAsync("refund money back", new MemorySearchOptions { Entities = [] }, Ct);

        Assert.NotEmpty(within);
        Assert.All(within, r => Assert.Equal("course", r.Record.Entity));
        Assert.Empty(none);
    }

    [Fact]
    public async Task SearchAsync_AfterAnUpdate_ReturnsOnlyTheCurrentVersion()
    {
        var (memory, index, clock) = await CreateAsync();
        await index.SearchAsync("deadline", cancellationToken: Ct);
        clock.Advance(TimeSpan.FromDays(1));
        await Write(memory, "course", "faq/deadline", MemoryKind.Fact, "\"Assignments are now due Monday at noon.\"");

        IReadOnlyList<MemorySearchResult> results = await index.SearchAsync("assignments due deadline", cancellationToken: Ct);

        MemorySearchResult deadline = Assert.Single(results, r => r.Record.Attribute == "faq/deadline");
        Assert.Equal(2, deadline.Record.Version);
    }

    [Fact]
    public async Task SearchAsync_PrunedRecord_IsNeverReturnedAndRebuildDropsIt()
    {
        var (memory, index, clock) = await CreateAsync();
        Assert.Contains(await index.SearchAsync("refund money back", cancellationToken: Ct), r => r.Record.Entity == "inbox");

        clock.Advance(TimeSpan.FromDays(30));
        await memory.PruneAsync(new MemoryPrune(MemoryKind.Signal, clock.GetUtcNow()), Ct);

        Assert.DoesNotContain(await index.SearchAsync("refund money back", cancellationToken: Ct), r => r.Record.Entity == "inbox");
        Assert.Equal(3, await index.RebuildAsync(Ct));
    }

    [Fact]
    public async Task SyncAsync_IndexesOnlyWhatIsNew()
    {
        var (memory, index, clock) = await CreateAsync();
        Assert.Equal(4, await index.SyncAsync(Ct));

        clock.Advance(TimeSpan.FromMinutes(5));
        await Write(memory, "student/1", "plan", MemoryKind.Fact, "\"pro\"");

        Assert.Equal(1, await index.SyncAsync(Ct));
    }

    [Fact]
    public void Describe_FlattensJsonValues()
    {
        var record = new MemoryRecord("student/42", "enrollment", MemoryKind.Fact, TestJson.Parse("""{"status":"active","weeks":[1,2],"paid":true}"""), 1, Start, null, Start, Operator);

        Assert.Equal("student/42 enrollment: status active weeks 1 2 paid true", MemoryIndex.Describe(record));
    }
}
