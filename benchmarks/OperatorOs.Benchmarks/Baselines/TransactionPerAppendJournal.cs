using System.Text.Json;
using Microsoft.Data.Sqlite;
using OperatorOs;

namespace OperatorOs.Benchmarks.Baselines;

/// <summary>The straightforward durable journal: a lock, and one SQLite transaction (one fsync) per append, with the same schema and hash chain.</summary>
internal sealed class TransactionPerAppendJournal : IDisposable
{
    private readonly Lock _gate = new();
    private readonly SqliteConnection _connection;
    private long _sequence;
    private string _hash = JournalChain.GenesisHash;

    public TransactionPerAppendJournal(string path)
    {
        _ = new SqliteDatabase(new SqliteStorageOptions { Path = path });
        _connection = new SqliteConnection($"Data Source={path};Pooling=False");
        _connection.Open();
        using SqliteCommand pragma = _connection.CreateCommand();
        pragma.CommandText = "PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000;";
        pragma.ExecuteNonQuery();
    }

    public Task<long> AppendAsync(JournalEntry entry)
    {
        string payloadHash = JournalChain.ComputePayloadHash(entry.Payload);
        lock (_gate)
        {
            using SqliteTransaction transaction = _connection.BeginTransaction();
            using SqliteCommand insert = _connection.CreateCommand();
            insert.Transaction = transaction;
            long next = _sequence + 1;
            DateTimeOffset now = TimeProvider.System.GetUtcNow();
            string hash = JournalChain.ComputeHash(_hash, next, entry.Stream, entry.Type, entry.CorrelationId, now, payloadHash);
            insert.CommandText = "INSERT INTO journal (sequence, stream, type, correlation_id, timestamp, payload, payload_hash, previous_hash, hash) VALUES ($s, $st, $t, $c, $ts, $p, $ph, $prev, $h)";
            insert.Parameters.AddWithValue("$s", next);
            insert.Parameters.AddWithValue("$st", entry.Stream);
            insert.Parameters.AddWithValue("$t", entry.Type);
            insert.Parameters.AddWithValue("$c", (object?)entry.CorrelationId ?? DBNull.Value);
            insert.Parameters.AddWithValue("$ts", now.UtcTicks);
            insert.Parameters.AddWithValue("$p", entry.Payload.ValueKind == JsonValueKind.Undefined ? DBNull.Value : entry.Payload.GetRawText());
            insert.Parameters.AddWithValue("$ph", payloadHash);
            insert.Parameters.AddWithValue("$prev", _hash);
            insert.Parameters.AddWithValue("$h", hash);
            insert.ExecuteNonQuery();
            transaction.Commit();
            _sequence = next;
            _hash = hash;
            return Task.FromResult(next);
        }
    }

    public void Dispose() => _connection.Dispose();
}
