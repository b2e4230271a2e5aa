using System.Collections.Concurrent;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.Time.Testing;

namespace OperatorOs.Memory.Tests.Records;

public class InMemoryMemoryStoreTests
{
    private static readonly DateTimeOffset Start = new(2026, 9, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly Provenance Agent = new(ActorKind.Agent, "triage") { ModelId = "gpt-test", InputReferences = ["intent:1", "email:7"], ApprovalId = "a-1" };

    [Fact]
    public async Task WriteAsync_NewKey_CreatesVersionOneStampedByTheClock()
    {
        // Arrange
        var clock = new FakeTimeProvider(Start);
        var store = new InMemoryMemoryStore(clock);

        // Act
        MemoryRecord record = await store.WriteAsync(Write("student/42", "enrollment", """{"status":"enrolled"}"""), TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal("student/42", record.Entity);
        Assert.Equal("enrollment", record.Attribute);
        Assert.Equal(MemoryKind.Fact, record.Kind);
        Assert.Equal("enrolled", record.Value.GetProperty("status").GetString());
        Assert.Equal(1, record.Version);
        Assert.Equal(Start, record.ValidFrom);
        Assert.Null(record.ValidTo);
        Assert.True(record.IsCurrent);
        Assert.Equal(Start, record.RecordedAt);
        Assert.Equal(record, await store.GetAsync("student/42", "enrollment", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task WriteAsync_Update_SupersedesAndKeepsHistoryOldestFirst()
    {
        // Arrange
        var clock = new FakeTimeProvider(Start);
        var store = new InMemoryMemoryStore(clock);
        MemoryRecord first = await store.WriteAsync(Write("student/42", "enrollment", "\"trial\""), TestContext.Current.CancellationToken);
        clock.Advance(TimeSpan.FromDays(3));

        // Act
        MemoryRecord second = await store.WriteAsync(Write("student/42", "enrollment", "\"enrolled\""), TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(2, second.Version);
        Assert.Equal(Start.AddDays(3), second.ValidFrom);
        Assert.True(second.IsCurrent);
        IReadOnlyList<MemoryRecord> history = await store.GetHistoryAsync("student/42", "enrollment", TestContext.Current.CancellationToken);
        Assert.Collection(
            history,
            old =>
            {
                Assert.Equal(1, old.Version);
                Assert.Equal("trial", old.Value.GetString());
                Assert.Equal(first.ValidFrom, old.ValidFrom);
                Assert.Equal(second.ValidFrom, old.ValidTo);
                Assert.False(old.IsCurrent);
            },
            current => Assert.Equal(second, current));
        Assert.Equal(second, await store.GetAsync("student/42", "enrollment", TestContext.Current.CancellationToken));
        Assert.True(first.IsCurrent, "The record returned earlier is an immutable snapshot.");
    }

    [Fact]
    public async Task WriteAsync_ManyUpdates_VersionsIncreaseByOneAndValidityIsContiguous()
    {
        var clock = new FakeTimeProvider(Start);
        var store = new InMemoryMemoryStore(clock);

        for (int i = 1; i <= 10; i++)
        {
            MemoryRecord written = await store.WriteAsync(Write("e", "a", i.ToString(System.Globalization.CultureInfo.InvariantCulture)), TestContext.Current.CancellationToken);
            Assert.Equal(i, written.Version);
            clock.Advance(TimeSpan.FromMinutes(i));
        }

        IReadOnlyList<MemoryRecord> history = await store.GetHistoryAsync("e", "a", TestContext.Current.CancellationToken);
        Assert.Equal(Enumerable.Range(1, 10), history.Select(r => r.Version));
        Assert.Equal(Enumerable.Range(1, 10), history.Select(r => r.Value.GetInt32()));
        for (int i = 0; i < history.Count - 1; i++)
        {
            Assert.Equal(history[i + 1].ValidFrom, history[i].ValidTo);
        }

        Assert.Single(history, r => r.IsCurrent);
        Assert.True(history[^1].IsCurrent);
    }

    [Fact]
    public async Task WriteAsync_ExplicitValidFrom_IsUsedAndClosesThePreviousVersionThere()
    {
        var clock = new FakeTimeProvider(Start);
        var store = new InMemoryMemoryStore(clock);
        _ = await store.WriteAsync(new MemoryWrite("e", "a", MemoryKind.Fact, TestJson.Parse("1"), Agent) { ValidFrom = Start.AddDays(-10) }, TestContext.Current.CancellationToken);

        MemoryRecord second = await store.WriteAsync(new MemoryWrite("e", "a", MemoryKind.Fact, TestJson.Parse("2"), Agent) { ValidFrom = Start.AddDays(-2) }, TestContext.Current.CancellationToken);

        Assert.Equal(Start.AddDays(-2), second.ValidFrom);
        Assert.Equal(Start, second.RecordedAt);
        IReadOnlyList<MemoryRecord> history = await store.GetHistoryAsync("e", "a", TestContext.Current.CancellationToken);
        Assert.Equal(Start.AddDays(-10), history[0].ValidFrom);
        Assert.Equal(Start.AddDays(-2), history[0].ValidTo);
    }

    [Fact]
    public async Task WriteAsync_ValidFromBeforeCurrentValidFrom_ThrowsAndWritesNothing()
    {
        // Arrange
        var store = new InMemoryMemoryStore(new FakeTimeProvider(Start));
        MemoryRecord current = await store.WriteAsync(Write("e", "a", "1"), TestContext.Current.CancellationToken);

        // Act
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            store.WriteAsync(new MemoryWrite("e", "a", MemoryKind.Fact, TestJson.Parse("2"), Agent) { ValidFrom = Start.AddTicks(-1) }, TestContext.Current.CancellationToken));

        // Assert
        Assert.Equal("write", error.ParamName);
        Assert.Equal([current], await store.GetHistoryAsync("e", "a", TestContext.Current.CancellationToken));
        Assert.True((await store.GetAsync("e", "a", TestContext.Current.CancellationToken))!.IsCurrent);
    }

    [Fact]
    public async Task WriteAsync_ValidFromEqualToCurrentValidFrom_IsAccepted()
    {
        var store = new InMemoryMemoryStore(new FakeTimeProvider(Start));
        _ = await store.WriteAsync(Write("e", "a", "1"), TestContext.Current.CancellationToken);

        MemoryRecord second = await store.WriteAsync(new MemoryWrite("e", "a", MemoryKind.Fact, TestJson.Parse("2"), Agent) { ValidFrom = Start }, TestContext.Current.CancellationToken);

        Assert.Equal(2, second.Version);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(5)]
    public async Task WriteAsync_StaleExpectedVersion_ThrowsConflictAndWritesNothing(int expected)
    {
        // Arrange
        var store = new InMemoryMemoryStore(new FakeTimeProvider(Start));
        MemoryRecord current = await store.WriteAsync(Write("e", "a", "1"), TestContext.Current.CancellationToken);

        // Act
        var conflict = await Assert.ThrowsAsync<MemoryConflictException>(() =>
            store.WriteAsync(new MemoryWrite("e", "a", MemoryKind.Fact, TestJson.Parse("2"), Agent) { ExpectedVersion = expected }, TestContext.Current.CancellationToken));

        // Assert
        Assert.Equal("e", conflict.Entity);
        Assert.Equal("a", conflict.Attribute);
        Assert.Equal(expected, conflict.ExpectedVersion);
        Assert.Equal(1, conflict.CurrentVersion);
        Assert.Equal([current], await store.GetHistoryAsync("e", "a", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task WriteAsync_ExpectedVersionOnMissingKey_ThrowsConflictWithCurrentZeroAndWritesNothing()
    {
        var store = new InMemoryMemoryStore(new FakeTimeProvider(Start));

        var conflict = await Assert.ThrowsAsync<MemoryConflictException>(() =>
            store.WriteAsync(new MemoryWrite("e", "a", MemoryKind.Fact, TestJson.Parse("1"), Agent) { ExpectedVersion = 1 }, TestContext.Current.CancellationToken));

        Assert.Equal(0, conflict.CurrentVersion);
        Assert.Null(await store.GetAsync("e", "a", TestContext.Current.CancellationToken));
        Assert.Empty(await store.GetHistoryAsync("e", "a", TestContext.Current.CancellationToken));
        Assert.Empty(await store.GetEntityAsync("e", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task WriteAsync_ExpectedVersionZeroOnNewKey_Writes()
    {
        var store = new InMemoryMemoryStore(new FakeTimeProvider(Start));

        MemoryRecord record = await store.WriteAsync(new MemoryWrite("e", "a", MemoryKind.Fact, TestJson.Parse("1"), Agent) { ExpectedVersion = 0 }, TestContext.Current.CancellationToken);

        Assert.Equal(1, record.Version);
    }

    [Fact]
    public async Task WriteAsync_ExpectedVersionMatchingCurrent_Writes()
    {
        var store = new InMemoryMemoryStore(new FakeTimeProvider(Start));
        _ = await store.WriteAsync(Write("e", "a", "1"), TestContext.Current.CancellationToken);
        _ = await store.WriteAsync(Write("e", "a", "2"), TestContext.Current.CancellationToken);

        MemoryRecord record = await store.WriteAsync(new MemoryWrite("e", "a", MemoryKind.Fact, TestJson.Parse("3"), Agent) { ExpectedVersion = 2 }, TestContext.Current.CancellationToken);

        Assert.Equal(3, record.Version);
    }

    [Fact]
    public async Task WriteAsync_Provenance_IsPreservedOnTheRecordAndInHistory()
    {
        var store = new InMemoryMemoryStore(new FakeTimeProvider(Start));
        var operatorProvenance = new Provenance(ActorKind.Operator, "ana");

        MemoryRecord first = await store.WriteAsync(Write("e", "a", "1"), TestContext.Current.CancellationToken);
        _ = await store.WriteAsync(new MemoryWrite("e", "a", MemoryKind.Fact, TestJson.Parse("2"), operatorProvenance), TestContext.Current.CancellationToken);

        Assert.Same(Agent, first.Provenance);
        Assert.Equal("gpt-test", first.Provenance.ModelId);
        Assert.Equal(["intent:1", "email:7"], first.Provenance.InputReferences);
        Assert.Equal("a-1", first.Provenance.ApprovalId);
        IReadOnlyList<MemoryRecord> history = await store.GetHistoryAsync("e", "a", TestContext.Current.CancellationToken);
        Assert.Equal([Agent, operatorProvenance], history.Select(r => r.Provenance));
    }

    [Fact]
    public async Task WriteAsync_ValueDocumentDisposedAfterwards_KeepsItsOwnCopy()
    {
        var store = new InMemoryMemoryStore(new FakeTimeProvider(Start));
        var document = JsonDocument.Parse("""{"n":5}""");

        _ = await store.WriteAsync(new MemoryWrite("e", "a", MemoryKind.Signal, document.RootElement, Agent), TestContext.Current.CancellationToken);
        document.Dispose();

        MemoryRecord? record = await store.GetAsync("e", "a", TestContext.Current.CancellationToken);
        Assert.Equal(5, record!.Value.GetProperty("n").GetInt32());
        Assert.Equal(MemoryKind.Signal, record.Kind);
    }

    [Fact]
    public async Task WriteAsync_Null_ThrowsArgumentNull()
    {
        var store = new InMemoryMemoryStore();

        await Assert.ThrowsAsync<ArgumentNullException>(() => store.WriteAsync(null!, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task WriteAsync_CanceledToken_ThrowsAndWritesNothing()
    {
        var store = new InMemoryMemoryStore();
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.WriteAsync(Write("e", "a", "1"), cts.Token));

        Assert.Null(await store.GetAsync("e", "a", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task GetAsync_Missing_ReturnsNull()
    {
        var store = new InMemoryMemoryStore();

        Assert.Null(await store.GetAsync("e", "a", TestContext.Current.CancellationToken));
        Assert.Empty(await store.GetHistoryAsync("e", "a", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task GetAsync_KeysAreOrdinal_DoNotMixEntitiesOrAttributes()
    {
        var store = new InMemoryMemoryStore(new FakeTimeProvider(Start));
        _ = await store.WriteAsync(Write("e", "a", "1"), TestContext.Current.CancellationToken);
        _ = await store.WriteAsync(Write("E", "a", "2"), TestContext.Current.CancellationToken);
        _ = await store.WriteAsync(Write("e", "A", "3"), TestContext.Current.CancellationToken);

        Assert.Equal(1, (await store.GetAsync("e", "a", TestContext.Current.CancellationToken))!.Value.GetInt32());
        Assert.Equal(2, (await store.GetAsync("E", "a", TestContext.Current.CancellationToken))!.Value.GetInt32());
        Assert.Equal(3, (await store.GetAsync("e", "A", TestContext.Current.CancellationToken))!.Value.GetInt32());
        Assert.All(await store.GetEntityAsync("e", TestContext.Current.CancellationToken), r => Assert.Equal(1, r.Version));
    }

    [Fact]
    public async Task GetEntityAsync_SeveralAttributes_ReturnsTheCurrentOfEachOrderedByAttribute()
    {
        // Arrange
        var clock = new FakeTimeProvider(Start);
        var store = new InMemoryMemoryStore(clock);
        _ = await store.WriteAsync(Write("student/42", "name", "\"Ana\""), TestContext.Current.CancellationToken);
        _ = await store.WriteAsync(Write("student/42", "enrollment", "\"trial\""), TestContext.Current.CancellationToken);
        _ = await store.WriteAsync(Write("student/7", "name", "\"Bo\""), TestContext.Current.CancellationToken);
        clock.Advance(TimeSpan.FromHours(1));
        _ = await store.WriteAsync(Write("student/42", "enrollment", "\"enrolled\""), TestContext.Current.CancellationToken);
        _ = await store.WriteAsync(Write("student/42", "Zeta", "1"), TestContext.Current.CancellationToken);
        _ = await store.WriteAsync(Write("student/42", "balance", "0"), TestContext.Current.CancellationToken);

        // Act
        IReadOnlyList<MemoryRecord> entity = await store.GetEntityAsync("student/42", TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(["Zeta", "balance", "enrollment", "name"], entity.Select(r => r.Attribute));
        Assert.All(entity, r => Assert.True(r.IsCurrent));
        Assert.All(entity, r => Assert.Equal("student/42", r.Entity));
        Assert.Equal("enrolled", entity.Single(r => r.Attribute == "enrollment").Value.GetString());
        Assert.Equal(2, entity.Single(r => r.Attribute == "enrollment").Version);
        Assert.Empty(await store.GetEntityAsync("student/99", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task GetHistoryAsync_ReturnsACopy_LaterWritesDoNotChangeIt()
    {
        var store = new InMemoryMemoryStore(new FakeTimeProvider(Start));
        _ = await store.WriteAsync(Write("e", "a", "1"), TestContext.Current.CancellationToken);
        IReadOnlyList<MemoryRecord> before = await store.GetHistoryAsync("e", "a", TestContext.Current.CancellationToken);

        _ = await store.WriteAsync(Write("e", "a", "2"), TestContext.Current.CancellationToken);

        Assert.Single(before);
        Assert.True(before[0].IsCurrent);
    }

    [Fact]
    public async Task WriteAsync_ConcurrentWritersWithExpectedVersions_ExactlyOneWinsPerVersion()
    {
        // Arrange
        const int Writers = 8;
        const int Rounds = 25;
        var store = new InMemoryMemoryStore(new FakeTimeProvider(Start));
        var winners = new ConcurrentDictionary<int, int>();
        int conflicts = 0;

        // Act: every writer tries to write each version once, expecting the previous one.
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            for (int version = 1; version <= Rounds; version++)
            {
                var write = new MemoryWrite("e", "counter", MemoryKind.Context, TestJson.Parse($$"""{"writer":{{writer}}}"""), new Provenance(ActorKind.Agent, $"writer-{writer}"))
                {
                    ExpectedVersion = version - 1,
                };
                try
                {
                    MemoryRecord record = await store.WriteAsync(write, TestContext.Current.CancellationToken);
                    Assert.True(winners.TryAdd(record.Version, writer), $"Version {record.Version} was written twice.");
                }
                catch (MemoryConflictException conflict)
                {
                    Assert.True(conflict.CurrentVersion >= version, "A conflict must mean someone else already wrote this version.");
                    Interlocked.Increment(ref conflicts);
                }

                // Wait until this version exists before moving on, so every round is contested.
                while ((await store.GetAsync("e", "counter", TestContext.Current.CancellationToken))!.Version < version)
                {
                    await Task.Yield();
                }
            }
        })));

        // Assert
        IReadOnlyList<MemoryRecord> history = await store.GetHistoryAsync("e", "counter", TestContext.Current.CancellationToken);
        Assert.Equal(Enumerable.Range(1, Rounds), history.Select(r => r.Version));
        Assert.Equal(Enumerable.Range(1, Rounds), winners.Keys.Order());
        Assert.Equal(Rounds * (Writers - 1), conflicts);
        foreach (MemoryRecord record in history)
        {
            Assert.Equal($"writer-{winners[record.Version]}", record.Provenance.Actor);
        }
    }

    [Fact]
    public async Task WriteAsync_ConcurrentReadModifyWriteLoops_LoseAndDuplicateNoVersion()
    {
        // Arrange: each writer reads the current version and writes expecting it, retrying on conflict.
        const int Writers = 4;
        const int WinsPerWriter = 250;
        var store = new InMemoryMemoryStore(new FakeTimeProvider(Start));
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // Act
        Task[] writers = Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            await start.Task;
            var provenance = new Provenance(ActorKind.Agent, $"writer-{writer}");
            for (int wins = 0; wins < WinsPerWriter;)
            {
                MemoryRecord? current = await store.GetAsync("e", "counter", TestContext.Current.CancellationToken);
                int seen = current?.Version ?? 0;
                try
                {
                    _ = await store.WriteAsync(new MemoryWrite("e", "counter", MemoryKind.Context, TestJson.Parse(seen.ToString(System.Globalization.CultureInfo.InvariantCulture)), provenance) { ExpectedVersion = seen }, TestContext.Current.CancellationToken);
                    wins++;
                }
                catch (MemoryConflictException)
                {
                    // Someone else won this version; read again.
                }
            }
        })).ToArray();
        start.SetResult();
        await Task.WhenAll(writers);

        // Assert: every win produced its own version, and each version was written by someone who saw the one before.
        IReadOnlyList<MemoryRecord> history = await store.GetHistoryAsync("e", "counter", TestContext.Current.CancellationToken);
        Assert.Equal(Enumerable.Range(1, Writers * WinsPerWriter), history.Select(r => r.Version));
        Assert.All(history, r => Assert.Equal(r.Version - 1, r.Value.GetInt32()));
        Assert.Equal(Enumerable.Repeat(WinsPerWriter, Writers), history.GroupBy(r => r.Provenance.Actor).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Count()));
    }

    [Property(MaxTest = 50)]
    public Property WriteAsync_ConcurrentWritersExpectingTheSameVersion_ExactlyOneWins()
    {
        Gen<(int Existing, int Writers)> cases = Gen.Zip(Gen.Choose(0, 5), Gen.Choose(2, 16));

        return Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var store = new InMemoryMemoryStore(new FakeTimeProvider(Start));
            for (int i = 0; i < c.Existing; i++)
            {
                _ = store.WriteAsync(Write("e", "a", "0")).GetAwaiter().GetResult();
            }

            Task<MemoryRecord>[] attempts = Enumerable.Range(0, c.Writers)
                .Select(w => Task.Run(() => store.WriteAsync(new MemoryWrite("e", "a", MemoryKind.Fact, TestJson.Parse(w.ToString(System.Globalization.CultureInfo.InvariantCulture)), Agent) { ExpectedVersion = c.Existing })))
                .ToArray();
            try
            {
                Task.WaitAll(attempts);
            }
            catch (AggregateException)
            {
                // Losers conflict; counted below.
            }

            int wins = attempts.Count(t => t.IsCompletedSuccessfully);
            bool losersConflict = attempts.Where(t => t.IsFaulted).All(t => t.Exception!.InnerException is MemoryConflictException { CurrentVersion: var current } && current == c.Existing + 1);
            IReadOnlyList<MemoryRecord> history = store.GetHistoryAsync("e", "a").GetAwaiter().GetResult();
            return wins == 1 && losersConflict && history.Count == c.Existing + 1 && history[^1].Version == c.Existing + 1;
        });
    }

    private static MemoryWrite Write(string entity, string attribute, string json) =>
        new(entity, attribute, MemoryKind.Fact, TestJson.Parse(json), Agent);
}
