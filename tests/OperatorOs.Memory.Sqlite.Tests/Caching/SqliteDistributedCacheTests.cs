using Microsoft.Data.Sqlite;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Time.Testing;
using OperatorOs.Testing;

namespace OperatorOs.Memory.Sqlite.Tests.Caching;

public sealed class SqliteDistributedCacheTests : IDisposable
{
    private readonly TempDatabases _files = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private SqliteDistributedCache Cache(string path) => new(_files.Open(path), _clock);

    [Fact]
    public async Task SetGetRemove_RoundTripsBytes_AndSurvivesReopening()
    {
        string path = _files.NewPath();
        await Cache(path).SetAsync("k", [1, 2, 3], new DistributedCacheEntryOptions(), Ct);

        SqliteDistributedCache reopened = Cache(path);

        Assert.Equal([1, 2, 3], await reopened.GetAsync("k", Ct));
        await reopened.RemoveAsync("k", Ct);
        Assert.Null(await reopened.GetAsync("k", Ct));
        Assert.Null(reopened.Get("never-set"));
    }

    [Fact]
    public void AbsoluteExpiry_FollowsTheClock()
    {
        SqliteDistributedCache cache = Cache(_files.NewPath());
        cache.Set("k", [7], new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5) });

        _clock.Advance(TimeSpan.FromMinutes(4));
        Assert.NotNull(cache.Get("k"));
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Null(cache.Get("k"));
    }

    [Fact]
    public void SlidingExpiry_IsExtendedByUse_ButNeverPastTheAbsoluteExpiry()
    {
        SqliteDistributedCache cache = Cache(_files.NewPath());
        cache.Set("k", [7], new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(2), AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5) });

        for (int i = 0; i < 4; i++)
        {
            _clock.Advance(TimeSpan.FromSeconds(90));
            if (i < 3)
            {
                Assert.NotNull(cache.Get("k"));
            }
        }

        Assert.Null(cache.Get("k"));
    }

    [Fact]
    public void Refresh_ExtendsASlidingEntryWithoutReadingIt()
    {
        SqliteDistributedCache cache = Cache(_files.NewPath());
        cache.Set("k", [7], new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(2) });

        _clock.Advance(TimeSpan.FromMinutes(1.5));
        cache.Refresh("k");
        _clock.Advance(TimeSpan.FromMinutes(1.5));

        Assert.NotNull(cache.Get("k"));
    }

    [Fact]
    public void Set_ExpiryInThePast_IsRejected()
    {
        SqliteDistributedCache cache = Cache(_files.NewPath());

        Assert.Throws<ArgumentOutOfRangeException>(() => cache.Set("k", [1], new DistributedCacheEntryOptions { AbsoluteExpiration = _clock.GetUtcNow().AddSeconds(-1) }));
    }

    [Fact]
    public async Task UnderTheDistributedCachingChatClient_ARepeatedRequestIsAnsweredFromTheFile_EvenAfterARestart()
    {
        string path = _files.NewPath();
        var model = new ScriptedChatClient("small-model").EnqueueText("The deadline is Friday.");
        List<ChatMessage> question = [new(ChatRole.User, "When is the deadline?")];

        using (IChatClient first = new ChatClientBuilder(model).UseDistributedCache(Cache(path)).Build())
        {
            Assert.Equal("The deadline is Friday.", (await first.GetResponseAsync(question, cancellationToken: Ct)).Text);
        }

        using IChatClient second = new ChatClientBuilder(model).UseDistributedCache(Cache(path)).Build();
        ChatResponse cached = await second.GetResponseAsync(question, cancellationToken: Ct);

        Assert.Equal("The deadline is Friday.", cached.Text);
        Assert.Single(model.Calls);
    }

    [Fact]
    public void Migration_FromTheFirstSchema_AddsTheCacheAndKeepsTheData()
    {
        string path = _files.NewPath();
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = SqliteSchema.Migrations[0] +
                "; INSERT INTO approvals (id, status, created_at, body) VALUES ('a1', 0, 1, '{}'); PRAGMA user_version = 1;";
            command.ExecuteNonQuery();
        }

        SqliteDistributedCache cache = Cache(path);
        cache.Set("k", [1], new DistributedCacheEntryOptions());

        using var check = new SqliteConnection($"Data Source={path};Pooling=False");
        check.Open();
        using SqliteCommand count = check.CreateCommand();
        count.CommandText = "SELECT count(*) FROM approvals; ";
        Assert.Equal(1L, count.ExecuteScalar());
        count.CommandText = "PRAGMA user_version;";
        Assert.Equal((long)SqliteSchema.Version, count.ExecuteScalar());
    }

    public void Dispose() => _files.Dispose();
}
