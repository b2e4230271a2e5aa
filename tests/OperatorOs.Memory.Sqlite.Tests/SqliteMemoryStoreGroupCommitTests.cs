namespace OperatorOs.Memory.Sqlite.Tests;

/// <summary>Concurrent writes are committed together: each one stands or fails on its own, and a completed write is on disk.</summary>
public sealed class SqliteMemoryStoreGroupCommitTests : IDisposable
{
    private static readonly Provenance Actor = new(ActorKind.Operator, "operator");

    private readonly TempDatabases _files = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ConcurrentWrites_ARefusedWriteFailsAlone_AndEveryOtherIsStoredDurably()
    {
        string path = _files.NewPath();
        await using var store = new SqliteMemoryStore(_files.Open(path));
        await store.WriteAsync(new MemoryWrite("e", "held", MemoryKind.Fact, TestJson.Parse("1"), Actor) { ValidFrom = DateTimeOffset.UtcNow.AddDays(1) }, Ct);

        Task<MemoryRecord>[] writes =
        [
            .. Enumerable.Range(0, 64).Select(i => Task.Run(() => store.WriteAsync(new MemoryWrite("e", $"a{i}", MemoryKind.Fact, TestJson.Parse($"{i}"), Actor), Ct))),
            Task.Run(() => store.WriteAsync(new MemoryWrite("e", "a0", MemoryKind.Fact, TestJson.Parse("-1"), Actor) { ExpectedVersion = 7 }, Ct)),
            Task.Run(() => store.WriteAsync(new MemoryWrite("e", "held", MemoryKind.Fact, TestJson.Parse("2"), Actor) { ValidFrom = DateTimeOffset.UtcNow }, Ct)),
        ];
        try
        {
            await Task.WhenAll(writes);
        }
        catch (Exception)
        {
            // Inspected one by one below.
        }

        Assert.All(writes[..64], w => Assert.True(w.IsCompletedSuccessfully));
        Assert.IsType<MemoryConflictException>(writes[64].Exception?.InnerException);
        Assert.IsType<ArgumentException>(writes[65].Exception?.InnerException);

        await using var reopened = new SqliteMemoryStore(_files.Open(path));
        IReadOnlyList<MemoryRecord> stored = await reopened.GetEntityAsync("e", Ct);
        Assert.Equal(65, stored.Count);
        Assert.All(stored.Where(r => r.Attribute != "held"), r => Assert.Equal(int.Parse(r.Attribute[1..], System.Globalization.CultureInfo.InvariantCulture), r.Value.GetInt32()));
        Assert.Equal(1, Assert.Single(stored, r => r.Attribute == "held").Value.GetInt32());
    }

    [Fact]
    public async Task ConcurrentWritesToOneRecord_EachGetsItsOwnVersion()
    {
        await using var store = new SqliteMemoryStore(_files.Open());

        MemoryRecord[] written = await Task.WhenAll(Enumerable.Range(0, 32).Select(i => Task.Run(() => store.WriteAsync(new MemoryWrite("e", "a", MemoryKind.Fact, TestJson.Parse($"{i}"), Actor), Ct))));

        Assert.Equal(Enumerable.Range(1, 32), written.Select(r => r.Version).Order());
        Assert.Equal(32, (await store.GetHistoryAsync("e", "a", Ct)).Count);
    }

    [Fact]
    public async Task Dispose_WaitsForQueuedWrites_ThenRefusesNewOnes()
    {
        string path = _files.NewPath();
        var store = new SqliteMemoryStore(_files.Open(path));
        Task<MemoryRecord>[] queued = [.. Enumerable.Range(0, 16).Select(i => store.WriteAsync(new MemoryWrite("e", $"a{i}", MemoryKind.Fact, TestJson.Parse("1"), Actor), Ct))];

        await store.DisposeAsync();

        Assert.All(queued, w => Assert.True(w.IsCompletedSuccessfully));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.WriteAsync(new MemoryWrite("e", "late", MemoryKind.Fact, TestJson.Parse("1"), Actor), Ct));
        await using var reopened = new SqliteMemoryStore(_files.Open(path));
        Assert.Equal(16, (await reopened.GetEntityAsync("e", Ct)).Count);
    }

    public void Dispose() => _files.Dispose();
}
