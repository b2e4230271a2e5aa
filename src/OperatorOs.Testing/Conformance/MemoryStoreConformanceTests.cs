using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace OperatorOs.Testing;

/// <summary>The behaviour every <see cref="MemoryStore"/> must have; derive, implement <see cref="CreateStoreAsync"/>, and the tests run against your store.</summary>
public abstract class MemoryStoreConformanceTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 9, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly List<object> _created = [];

    /// <summary>Gets the cancellation token of the running test.</summary>
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Creates an empty store for one test (or one case of a property).</summary>
    /// <param name="timeProvider">The clock the store must stamp records with.</param>
    /// <returns>The store.</returns>
    protected abstract Task<MemoryStore> CreateStoreAsync(TimeProvider timeProvider);

    /// <inheritdoc/>
    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        foreach (object created in _created)
        {
            switch (created)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync();
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }

        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task WriteAsync_Update_SupersedesAndKeepsHistory()
    {
        var clock = new FakeTimeProvider(Start);
        MemoryStore store = await CreateAsync(clock);

        MemoryRecord first = await store.WriteAsync(Write("student/42", "enrollment", """{"status":"active"}"""), Ct);
        clock.Advance(TimeSpan.FromDays(3));
        MemoryRecord second = await store.WriteAsync(Write("student/42", "enrollment", """{"status":"refunded"}"""), Ct);

        Assert.Equal(1, first.Version);
        Assert.Equal(2, second.Version);
        IReadOnlyList<MemoryRecord> history = await store.GetHistoryAsync("student/42", "enrollment", Ct);
        Assert.Equal([1, 2], history.Select(r => r.Version));
        Assert.Equal(second.ValidFrom, history[0].ValidTo);
        Assert.Null(history[1].ValidTo);
        Assert.Equal("active", history[0].Value.GetProperty("status").GetString());
        Assert.Equal("refunded", (await store.GetAsync("student/42", "enrollment", Ct))!.Value.GetProperty("status").GetString());
    }

    [Fact]
    public async Task WriteAsync_StaleExpectedVersion_ThrowsConflictAndWritesNothing()
    {
        MemoryStore store = await CreateAsync(new FakeTimeProvider(Start));
        await store.WriteAsync(Write("e", "a", "1"), Ct);
        await store.WriteAsync(Write("e", "a", "2"), Ct);

        var conflict = await Assert.ThrowsAsync<MemoryConflictException>(() => store.WriteAsync(Write("e", "a", "3", expectedVersion: 1), Ct));

        Assert.Equal(1, conflict.ExpectedVersion);
        Assert.Equal(2, conflict.CurrentVersion);
        Assert.Equal(2, (await store.GetHistoryAsync("e", "a", Ct)).Count);
    }

    [Fact]
    public async Task WriteAsync_ExpectedVersionZero_CreatesOnlyOnce()
    {
        MemoryStore store = await CreateAsync(new FakeTimeProvider(Start));

        await store.WriteAsync(Write("e", "a", "1", expectedVersion: 0), Ct);

        await Assert.ThrowsAsync<MemoryConflictException>(() => store.WriteAsync(Write("e", "a", "2", expectedVersion: 0), Ct));
        Assert.Single(await store.GetHistoryAsync("e", "a", Ct));
    }

    [Fact]
    public async Task WriteAsync_ValidFromBeforeCurrent_IsRefused()
    {
        var clock = new FakeTimeProvider(Start);
        MemoryStore store = await CreateAsync(clock);
        await store.WriteAsync(Write("e", "a", "1"), Ct);

        await Assert.ThrowsAsync<ArgumentException>(() => store.WriteAsync(
            new MemoryWrite("e", "a", MemoryKind.Fact, TestJson.Parse("2"), Actor) { ValidFrom = Start.AddDays(-1) }, Ct));

        Assert.Single(await store.GetHistoryAsync("e", "a", Ct));
    }

    [Fact]
    public async Task WriteAsync_WithoutValidFrom_FromAClockBehindTheCurrentVersion_SupersedesItWhereItStarts()
    {
        // Another process whose clock is behind (or a host on simulated time) still records its update; it never rewrites the past.
        MemoryStore store = await CreateAsync(new FakeTimeProvider(Start));
        await store.WriteAsync(new MemoryWrite("e", "a", MemoryKind.Fact, TestJson.Parse("1"), Actor) { ValidFrom = Start.AddDays(5) }, Ct);

        MemoryRecord second = await store.WriteAsync(Write("e", "a", "2"), Ct);

        Assert.Equal(Start.AddDays(5), second.ValidFrom);
        Assert.Equal(2, second.Version);
        IReadOnlyList<MemoryRecord> history = await store.GetHistoryAsync("e", "a", Ct);
        Assert.Equal(Start.AddDays(5), history[0].ValidTo);
    }

    [Fact]
    public async Task WriteAsync_KeepsProvenanceAndKind()
    {
        MemoryStore store = await CreateAsync(new FakeTimeProvider(Start));
        var provenance = new Provenance(ActorKind.Agent, "grader") { ModelId = "small", InputReferences = ["intent/1", "signal/9"], ApprovalId = "apr_1" };

        await store.WriteAsync(new MemoryWrite("student/1", "grade/week-1", MemoryKind.Context, TestJson.Parse("""{"score":8}"""), provenance), Ct);

        MemoryRecord read = (await store.GetAsync("student/1", "grade/week-1", Ct))!;
        Assert.Equal(MemoryKind.Context, read.Kind);
        Assert.Equal(ActorKind.Agent, read.Provenance.ActorKind);
        Assert.Equal("grader", read.Provenance.Actor);
        Assert.Equal("small", read.Provenance.ModelId);
        Assert.Equal(["intent/1", "signal/9"], read.Provenance.InputReferences);
        Assert.Equal("apr_1", read.Provenance.ApprovalId);
        Assert.Equal(Start, read.RecordedAt);
    }

    [Fact]
    public async Task GetEntityAsync_ReturnsTheCurrentVersionOfEachAttributeByName()
    {
        MemoryStore store = await CreateAsync(new FakeTimeProvider(Start));
        await store.WriteAsync(Write("e", "b", "1"), Ct);
        await store.WriteAsync(Write("e", "a", "1"), Ct);
        await store.WriteAsync(Write("e", "b", "2"), Ct);
        await store.WriteAsync(Write("other", "a", "1"), Ct);

        IReadOnlyList<MemoryRecord> current = await store.GetEntityAsync("e", Ct);

        Assert.Equal([("a", 1), ("b", 2)], current.Select(r => (r.Attribute, r.Version)));
    }

    [Fact]
    public async Task GetEntityAsOfAsync_ReturnsWhatWasTrueThen()
    {
        var clock = new FakeTimeProvider(Start);
        MemoryStore store = await CreateAsync(clock);
        await store.WriteAsync(Write("e", "plan", "\"basic\""), Ct);
        clock.Advance(TimeSpan.FromDays(10));
        await store.WriteAsync(Write("e", "plan", "\"pro\""), Ct);
        await store.WriteAsync(Write("e", "seats", "3"), Ct);

        IReadOnlyList<MemoryRecord> before = await store.GetEntityAsOfAsync("e", Start.AddDays(5), Ct);
        IReadOnlyList<MemoryRecord> after = await store.GetEntityAsOfAsync("e", Start.AddDays(11), Ct);

        Assert.Equal(["plan"], before.Select(r => r.Attribute));
        Assert.Equal("basic", before[0].Value.GetString());
        Assert.Equal([("plan", "\"pro\""), ("seats", "3")], after.Select(r => (r.Attribute, r.Value.GetRawText())));
        Assert.Null(await store.GetAsOfAsync("e", "plan", Start.AddDays(-1), Ct));
    }

    [Fact]
    public async Task QueryAsync_FiltersByKindRecordedTimeAndSupersession()
    {
        var clock = new FakeTimeProvider(Start);
        MemoryStore store = await CreateAsync(clock);
        await store.WriteAsync(Write("a", "x", "1", kind: MemoryKind.Signal), Ct);
        clock.Advance(TimeSpan.FromHours(1));
        await store.WriteAsync(Write("b", "x", "1", kind: MemoryKind.Fact), Ct);
        clock.Advance(TimeSpan.FromHours(1));
        await store.WriteAsync(Write("a", "x", "2", kind: MemoryKind.Signal), Ct);

        IReadOnlyList<MemoryRecord> signals = await store.QueryAsync(new MemoryQuery { Kind = MemoryKind.Signal }, Ct);
        IReadOnlyList<MemoryRecord> allSignals = await store.QueryAsync(new MemoryQuery { Kind = MemoryKind.Signal, IncludeSuperseded = true }, Ct);
        IReadOnlyList<MemoryRecord> window = await store.QueryAsync(new MemoryQuery { RecordedFrom = Start.AddMinutes(30), RecordedBefore = Start.AddHours(2), IncludeSuperseded = true }, Ct);
        IReadOnlyList<MemoryRecord> limited = await store.QueryAsync(new MemoryQuery { IncludeSuperseded = true, Limit = 2 }, Ct);

        Assert.Equal([("a", 2)], signals.Select(r => (r.Entity, r.Version)));
        Assert.Equal([("a", 1), ("a", 2)], allSignals.Select(r => (r.Entity, r.Version)));
        Assert.Equal(["b"], window.Select(r => r.Entity));
        Assert.Equal([("a", 1), ("b", 1)], limited.Select(r => (r.Entity, r.Version)));
    }

    [Fact]
    public async Task QueryAsync_ByAttribute_FindsItAcrossEntitiesAndKinds_AndNothingElse()
    {
        MemoryStore store = await CreateAsync(new FakeTimeProvider(Start));
        await store.WriteAsync(Write("intent/1", "deferred", "1", kind: MemoryKind.Fact), Ct);
        await store.WriteAsync(Write("intent/2", "deferred", "1", kind: MemoryKind.Context), Ct);
        await store.WriteAsync(Write("intent/2", "deferred", "2", kind: MemoryKind.Context), Ct);
        await store.WriteAsync(Write("intent/1", "deferred-note", "1", kind: MemoryKind.Fact), Ct);
        await store.WriteAsync(Write("intent/3", "Deferred", "1", kind: MemoryKind.Fact), Ct);

        IReadOnlyList<MemoryRecord> current = await store.QueryAsync(new MemoryQuery { Attribute = "deferred" }, Ct);
        IReadOnlyList<MemoryRecord> facts = await store.QueryAsync(new MemoryQuery { Attribute = "deferred", Kind = MemoryKind.Fact }, Ct);
        IReadOnlyList<MemoryRecord> history = await store.QueryAsync(new MemoryQuery { Attribute = "deferred", Entity = "intent/2", IncludeSuperseded = true }, Ct);

        Assert.Equal([("intent/1", 1), ("intent/2", 2)], current.Select(r => (r.Entity, r.Version)).Order());
        Assert.Equal(["intent/1"], facts.Select(r => r.Entity));
        Assert.Equal([1, 2], history.Select(r => r.Version));
    }

    [Fact]
    public async Task PruneAsync_DeletesOldRecordsOfOneKind()
    {
        var clock = new FakeTimeProvider(Start);
        MemoryStore store = await CreateAsync(clock);
        await store.WriteAsync(Write("inbox", "email/1", "1", kind: MemoryKind.Signal), Ct);
        await store.WriteAsync(Write("student/1", "plan", "1", kind: MemoryKind.Fact), Ct);
        clock.Advance(TimeSpan.FromDays(20));
        await store.WriteAsync(Write("inbox", "email/2", "2", kind: MemoryKind.Signal), Ct);

        int pruned = await store.PruneAsync(new MemoryPrune(MemoryKind.Signal, clock.GetUtcNow() - TimeSpan.FromDays(14)), Ct);

        Assert.Equal(1, pruned);
        Assert.Null(await store.GetAsync("inbox", "email/1", Ct));
        Assert.Empty(await store.GetHistoryAsync("inbox", "email/1", Ct));
        Assert.NotNull(await store.GetAsync("inbox", "email/2", Ct));
        Assert.NotNull(await store.GetAsync("student/1", "plan", Ct));
    }

    [Fact]
    public async Task PruneAsync_SupersededOnly_KeepsTheCurrentVersion()
    {
        var clock = new FakeTimeProvider(Start);
        MemoryStore store = await CreateAsync(clock);
        await store.WriteAsync(Write("sprint", "summary", "1", kind: MemoryKind.Context), Ct);
        clock.Advance(TimeSpan.FromDays(1));
        await store.WriteAsync(Write("sprint", "summary", "2", kind: MemoryKind.Context), Ct);
        clock.Advance(TimeSpan.FromDays(40));

        int pruned = await store.PruneAsync(new MemoryPrune(MemoryKind.Context, clock.GetUtcNow() - TimeSpan.FromDays(30)) { SupersededOnly = true }, Ct);

        Assert.Equal(1, pruned);
        MemoryRecord current = Assert.Single(await store.GetHistoryAsync("sprint", "summary", Ct));
        Assert.Equal(2, current.Version);
        Assert.True(current.IsCurrent);
        MemoryRecord next = await store.WriteAsync(Write("sprint", "summary", "3", kind: MemoryKind.Context), Ct);
        Assert.Equal(3, next.Version);
    }

    [Fact]
    public async Task WriteAsync_ConcurrentWritersWithExpectedVersions_ExactlyOneWinsEachVersion()
    {
        MemoryStore store = await CreateAsync(TimeProvider.System);
        int conflicts = 0;

        // Eight writers each try to move the counter forward ten times, reading the version before each attempt.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(writer => Task.Run(
            async () =>
            {
                for (int i = 0; i < 10; i++)
                {
                    MemoryRecord? current = await store.GetAsync("counter", "value", Ct);
                    try
                    {
                        await store.WriteAsync(Write("counter", "value", $"{writer}", expectedVersion: current?.Version ?? 0), Ct);
                    }
                    catch (MemoryConflictException)
                    {
                        Interlocked.Increment(ref conflicts);
                    }
                }
            },
            Ct)));

        IReadOnlyList<MemoryRecord> history = await store.GetHistoryAsync("counter", "value", Ct);
        Assert.Equal(80 - conflicts, history.Count);
        Assert.Equal(Enumerable.Range(1, history.Count), history.Select(r => r.Version));
        Assert.Single(history, r => r.IsCurrent);
    }

    [Fact]
    public void History_AgreesWithAReferenceModel_ForAnySequenceOfWrites()
    {
        Gen<(int Entity, int Attribute, int Value, int Advance)> write =
            from entity in Gen.Choose(0, 2)
            from attribute in Gen.Choose(0, 1)
            from value in Gen.Choose(0, 1000)
            from advance in Gen.Choose(0, 3)
            select (entity, attribute, value, advance);

        Prop.ForAll(Gen.ArrayOf(write).ToArbitrary(), writes => AgreesWithModel(writes).GetAwaiter().GetResult())
            .Check(Config.QuickThrowOnFailure.WithMaxTest(40));
    }

    private async Task<bool> AgreesWithModel((int Entity, int Attribute, int Value, int Advance)[] writes)
    {
        var clock = new FakeTimeProvider(Start);
        MemoryStore store = await CreateAsync(clock);
        var model = new Dictionary<(string, string), List<(int Value, DateTimeOffset ValidFrom)>>();
        foreach ((int entity, int attribute, int value, int advance) in writes)
        {
            clock.Advance(TimeSpan.FromMinutes(advance));
            var key = ($"entity/{entity}", $"attr{attribute}");
            await store.WriteAsync(Write(key.Item1, key.Item2, value.ToString(System.Globalization.CultureInfo.InvariantCulture)), Ct);
            if (!model.TryGetValue(key, out var versions))
            {
                model[key] = versions = [];
            }

            versions.Add((value, clock.GetUtcNow()));
        }

        foreach (((string entity, string attribute), List<(int Value, DateTimeOffset ValidFrom)> versions) in model)
        {
            IReadOnlyList<MemoryRecord> history = await store.GetHistoryAsync(entity, attribute, Ct);
            if (!history.Select(r => (r.Value.GetInt32(), r.ValidFrom)).SequenceEqual(versions) ||
                !history.Select(r => r.Version).SequenceEqual(Enumerable.Range(1, versions.Count)))
            {
                return false;
            }

            for (DateTimeOffset at = Start; at <= clock.GetUtcNow(); at += TimeSpan.FromMinutes(1))
            {
                int? expected = versions.LastOrDefault(v => v.ValidFrom <= at) is { ValidFrom: var from } found && from != default ? found.Value : null;
                MemoryRecord? actual = await store.GetAsOfAsync(entity, attribute, at, Ct);
                if (actual?.Value.GetInt32() != expected)
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static Provenance Actor { get; } = new(ActorKind.Operator, "operator");

    private static MemoryWrite Write(string entity, string attribute, string json, int? expectedVersion = null, MemoryKind kind = MemoryKind.Fact) =>
        new(entity, attribute, kind, TestJson.Parse(json), Actor) { ExpectedVersion = expectedVersion };

    private async Task<MemoryStore> CreateAsync(TimeProvider clock)
    {
        MemoryStore store = await CreateStoreAsync(clock);
        _created.Add(store);
        return store;
    }
}
