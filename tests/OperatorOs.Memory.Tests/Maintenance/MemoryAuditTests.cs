using Microsoft.Extensions.Time.Testing;

namespace OperatorOs.Memory.Tests.Maintenance;

public class MemoryAuditTests
{
    private static readonly DateTimeOffset Start = new(2026, 9, 1, 8, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunAsync_CountsKindsAgesContradictionsAndMissingInputs()
    {
        // Arrange
        var clock = new FakeTimeProvider(Start);
        var memory = new InMemoryMemoryStore(clock);
        var agent = new Provenance(ActorKind.Agent, "triage");
        var grounded = new Provenance(ActorKind.Agent, "triage") { InputReferences = ["intent/1"] };
        var operatorSays = new Provenance(ActorKind.Operator, "operator");
        await memory.WriteAsync(new MemoryWrite("student/1", "plan", MemoryKind.Fact, TestJson.Parse("\"basic\""), operatorSays), Ct);
        clock.Advance(TimeSpan.FromDays(40));
        await memory.WriteAsync(new MemoryWrite("student/1", "plan", MemoryKind.Fact, TestJson.Parse("\"pro\""), grounded), Ct);
        await memory.WriteAsync(new MemoryWrite("student/2", "plan", MemoryKind.Fact, TestJson.Parse("\"basic\""), agent), Ct);
        await memory.WriteAsync(new MemoryWrite("student/2", "plan", MemoryKind.Fact, TestJson.Parse("\"basic\""), grounded), Ct);
        await memory.WriteAsync(new MemoryWrite("inbox", "email/1", MemoryKind.Signal, TestJson.Parse("1"), grounded), Ct);
        var system = new Provenance(ActorKind.System, "usage") { InputReferences = ["intent/1"] };
        await memory.WriteAsync(new MemoryWrite("cost/agent/triage", "day", MemoryKind.Fact, TestJson.Parse("1"), system), Ct);
        await memory.WriteAsync(new MemoryWrite("cost/agent/triage", "day", MemoryKind.Fact, TestJson.Parse("2"), system), Ct);
        clock.Advance(TimeSpan.FromDays(3));
        var index = new MemoryIndex(new InMemoryVectorStore(), new HashingEmbeddingGenerator(), memory);
        await index.SyncAsync(Ct);
        await memory.PruneAsync(new MemoryPrune(MemoryKind.Signal, clock.GetUtcNow()), Ct);

        // Act
        MemoryAuditReport report = await new MemoryAudit(memory, clock, index).RunAsync(Ct);

        // Assert
        Assert.Equal(3, report.Kinds[MemoryKind.Fact].Current);
        Assert.Equal(3, report.Kinds[MemoryKind.Fact].Superseded);
        Assert.Equal(3, report.Kinds[MemoryKind.Fact].CurrentByAge["7d"]);
        Assert.Equal(0, report.Kinds[MemoryKind.Signal].Current);
        Assert.Equal(["student/1 / plan"], report.ContradictedFacts);
        Assert.Equal(1, report.FactsRevisedByTheirAuthor);
        Assert.Equal(1, report.VersionsWithoutInputs);
        Assert.Equal(1, report.IndexEntriesWithoutRecord);
    }

    [Fact]
    public async Task RunAsync_WithoutIndex_ReportsNoIndexFigure()
    {
        var clock = new FakeTimeProvider(Start);

        MemoryAuditReport report = await new MemoryAudit(new InMemoryMemoryStore(clock), clock).RunAsync(Ct);

        Assert.Null(report.IndexEntriesWithoutRecord);
        Assert.All(report.Kinds.Values, kind => Assert.Equal(0, kind.Current));
    }
}
