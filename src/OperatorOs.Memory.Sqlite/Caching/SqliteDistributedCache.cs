using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Caching.Distributed;
using OperatorOs.Shared;

namespace OperatorOs;

/// <summary>An <see cref="IDistributedCache"/> in the OperatorOs SQLite file, so cached model responses survive a restart without another server.</summary>
/// <remarks>
/// Use it under Microsoft.Extensions.AI's distributed-cache chat client (<c>ChatClientBuilder.UseDistributedCache()</c>).
/// Absolute and sliding expirations follow the injected <see cref="TimeProvider"/>; expired entries are never returned and are
/// swept as new entries are written.
/// </remarks>
public sealed class SqliteDistributedCache : IDistributedCache
{
    private const int SweepEvery = 256;

    private readonly SqliteDatabase _database;
    private readonly TimeProvider _timeProvider;
    private int _writes;

    /// <summary>Initializes a new instance of the <see cref="SqliteDistributedCache"/> class.</summary>
    /// <param name="database">The database file.</param>
    /// <param name="timeProvider">The clock expirations follow.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public SqliteDistributedCache(SqliteDatabase database, TimeProvider timeProvider)
    {
        _database = Throw.IfNull(database);
        _timeProvider = Throw.IfNull(timeProvider);
    }

    /// <inheritdoc/>
    public byte[]? Get(string key) => Read(Throw.IfNull(key), refresh: true);

    /// <inheritdoc/>
    public Task<byte[]?> GetAsync(string key, CancellationToken token = default)
    {
        token.ThrowIfCancellationRequested();
        return Task.FromResult(Get(key));
    }

    /// <inheritdoc/>
    public void Set(string key, byte[] value, DistributedCacheEntryOptions options)
    {
        _ = Throw.IfNull(key);
        _ = Throw.IfNull(value);
        _ = Throw.IfNull(options);
        DateTimeOffset now = _timeProvider.GetUtcNow();
        DateTimeOffset? absolute = options.AbsoluteExpiration ?? (now + options.AbsoluteExpirationRelativeToNow);
        if (absolute <= now)
        {
            throw new ArgumentOutOfRangeException(nameof(options), absolute, "The absolute expiration must be in the future.");
        }

        TimeSpan? sliding = options.SlidingExpiration;
        if (sliding <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), sliding, "The sliding expiration must be positive.");
        }

        Run(connection =>
        {
            using SqliteCommand upsert = connection.CreateCommand();
            upsert.CommandText = """
                INSERT INTO cache_entries (key, value, expires_at, absolute_expires_at, sliding_ticks)
                VALUES ($key, $value, $expires, $absolute, $sliding)
                ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at,
                    absolute_expires_at = excluded.absolute_expires_at, sliding_ticks = excluded.sliding_ticks
                """;
            upsert.Parameters.AddWithValue("$key", key);
            upsert.Parameters.AddWithValue("$value", value);
            upsert.Parameters.AddWithValue("$expires", SqliteTime.ToDb(ExpiresAt(now, absolute, sliding)));
            upsert.Parameters.AddWithValue("$absolute", SqliteTime.ToDb(absolute));
            upsert.Parameters.AddWithValue("$sliding", sliding is { } s ? s.Ticks : DBNull.Value);
            upsert.ExecuteNonQuery();
            if (Interlocked.Increment(ref _writes) % SweepEvery == 0)
            {
                using SqliteCommand sweep = connection.CreateCommand();
                sweep.CommandText = "DELETE FROM cache_entries WHERE expires_at IS NOT NULL AND expires_at <= $now";
                sweep.Parameters.AddWithValue("$now", SqliteTime.ToTicks(now));
                sweep.ExecuteNonQuery();
            }

            return true;
        });
    }

    /// <inheritdoc/>
    public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
    {
        token.ThrowIfCancellationRequested();
        Set(key, value, options);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public void Refresh(string key) => _ = Read(Throw.IfNull(key), refresh: true, load: false);

    /// <inheritdoc/>
    public Task RefreshAsync(string key, CancellationToken token = default)
    {
        token.ThrowIfCancellationRequested();
        Refresh(key);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public void Remove(string key)
    {
        _ = Throw.IfNull(key);
        Run(connection =>
        {
            using SqliteCommand delete = connection.CreateCommand();
            delete.CommandText = "DELETE FROM cache_entries WHERE key = $key";
            delete.Parameters.AddWithValue("$key", key);
            return delete.ExecuteNonQuery();
        });
    }

    /// <inheritdoc/>
    public Task RemoveAsync(string key, CancellationToken token = default)
    {
        token.ThrowIfCancellationRequested();
        Remove(key);
        return Task.CompletedTask;
    }

    // A sliding entry lives until the earlier of its absolute expiry and one sliding window after its last use.
    private static DateTimeOffset? ExpiresAt(DateTimeOffset now, DateTimeOffset? absolute, TimeSpan? sliding)
    {
        if (sliding is not { } window)
        {
            return absolute;
        }

        DateTimeOffset slid = now + window;
        return absolute is { } a && a < slid ? a : slid;
    }

    private byte[]? Read(string key, bool refresh, bool load = true)
    {
        DateTimeOffset now = _timeProvider.GetUtcNow();
        return Run(connection =>
        {
            using SqliteCommand select = connection.CreateCommand();
            select.CommandText = $"SELECT {(load ? "value" : "NULL")}, expires_at, absolute_expires_at, sliding_ticks FROM cache_entries WHERE key = $key";
            select.Parameters.AddWithValue("$key", key);
            using SqliteDataReader reader = select.ExecuteReader();
            if (!reader.Read())
            {
                return null;
            }

            if (!reader.IsDBNull(1) && SqliteTime.FromTicks(reader.GetInt64(1)) <= now)
            {
                return null;
            }

            byte[]? value = load ? (byte[])reader.GetValue(0) : null;
            if (refresh && !reader.IsDBNull(3))
            {
                DateTimeOffset? absolute = reader.IsDBNull(2) ? null : SqliteTime.FromTicks(reader.GetInt64(2));
                var sliding = TimeSpan.FromTicks(reader.GetInt64(3));
                reader.Close();
                using SqliteCommand touch = connection.CreateCommand();
                touch.CommandText = "UPDATE cache_entries SET expires_at = $expires WHERE key = $key";
                touch.Parameters.AddWithValue("$key", key);
                touch.Parameters.AddWithValue("$expires", SqliteTime.ToDb(ExpiresAt(now, absolute, sliding)));
                touch.ExecuteNonQuery();
            }

            return value;
        });
    }

    private T Run<T>(Func<SqliteConnection, T> work)
    {
        try
        {
            using SqliteConnection connection = _database.Open();
            return work(connection);
        }
        catch (SqliteException ex)
        {
            throw _database.Translate(ex);
        }
    }
}
