using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using OperatorOs.Shared;

namespace OperatorOs;

/// <summary>Versioned, bi-temporal memory in SQLite: a write closes the current version and inserts the next; concurrent writes are group-committed.</summary>
/// <remarks>
/// <para>Thread-safe. Writers hand their write to a <see cref="Channel{T}"/>; one writer drains whatever is waiting (up to 256) and
/// applies it in one transaction, each write inside a savepoint of its own, so a write that conflicts (or is invalid) changes
/// nothing and the others go on. A write completes only after its transaction committed (<c>synchronous=FULL</c>: durable).</para>
/// <para>The transaction takes SQLite's write lock at its start (<c>BEGIN IMMEDIATE</c>), so a version check and its insert cannot
/// interleave with another writer, in this process or another. The cancellation token is honoured until the write is queued; after
/// that the caller waits for the outcome (a few milliseconds), so a write that reports itself cancelled was not made. A storage
/// failure (the file locked past the busy timeout, an I/O error) fails every write of its transaction.</para>
/// </remarks>
public sealed class SqliteMemoryStore : MemoryStore, IAsyncDisposable, IDisposable
{
    private const string Columns = "entity, attribute, version, kind, value, valid_from, valid_to, recorded_at, actor_kind, actor, model_id, inputs, approval_id";

    // Enough to take in every writer of a busy host at once; a longer queue waits for the next transaction.
    private const int MaxBatch = 256;

    private readonly SqliteDatabase _database;
    private readonly TimeProvider _timeProvider;
    private readonly SqliteGroupCommit<PendingWrite> _writer;

    /// <summary>Initializes a new instance of the <see cref="SqliteMemoryStore"/> class.</summary>
    /// <param name="database">The storage file.</param>
    /// <param name="timeProvider">The clock that stamps records, or <see langword="null"/> for the system clock.</param>
    /// <exception cref="ArgumentNullException"><paramref name="database"/> is <see langword="null"/>.</exception>
    public SqliteMemoryStore(SqliteDatabase database, TimeProvider? timeProvider = null)
    {
        _database = Throw.IfNull(database);
        _timeProvider = timeProvider ?? TimeProvider.System;
        _writer = new SqliteGroupCommit<PendingWrite>(_database, MaxBatch, Commit, static (pending, error) => pending.Completion.TrySetException(error));
    }

    /// <inheritdoc/>
    /// <exception cref="SqliteStorageException">The transaction could not be committed; the write was not stored.</exception>
    /// <exception cref="ObjectDisposedException">The store was disposed.</exception>
    public override Task<MemoryRecord> WriteAsync(MemoryWrite write, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNull(write);
        cancellationToken.ThrowIfCancellationRequested();
        var pending = new PendingWrite(write);
        _writer.Enqueue(pending, nameof(SqliteMemoryStore));
        return pending.Completion.Task;
    }

    /// <summary>Stops taking writes and waits until the queued ones are committed.</summary>
    /// <returns>A task that completes when the writer has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        await _writer.DisposeAsync().ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <inheritdoc/>
    public override Task<MemoryRecord?> GetAsync(string entity, string attribute, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNull(entity);
        _ = Throw.IfNull(attribute);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Run(connection => ReadCurrent(connection, null, entity, attribute)));
    }

    /// <inheritdoc/>
    public override Task<IReadOnlyList<MemoryRecord>> GetEntityAsync(string entity, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNull(entity);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Run(connection => Select(
            connection,
            $"SELECT {Columns} FROM memory_records WHERE entity = $entity AND valid_to IS NULL ORDER BY attribute",
            command => command.Parameters.AddWithValue("$entity", entity))));
    }

    /// <inheritdoc/>
    public override Task<IReadOnlyList<MemoryRecord>> GetHistoryAsync(string entity, string attribute, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNull(entity);
        _ = Throw.IfNull(attribute);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Run(connection => Select(
            connection,
            $"SELECT {Columns} FROM memory_records WHERE entity = $entity AND attribute = $attribute ORDER BY version",
            command =>
            {
                command.Parameters.AddWithValue("$entity", entity);
                command.Parameters.AddWithValue("$attribute", attribute);
            })));
    }

    /// <inheritdoc/>
    public override Task<IReadOnlyList<MemoryRecord>> QueryAsync(MemoryQuery query, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNull(query);
        cancellationToken.ThrowIfCancellationRequested();
        var sql = new StringBuilder($"SELECT {Columns} FROM memory_records WHERE 1 = 1");
        var bindings = new List<(string Name, object Value)>();
        if (query.Entity is { } entity)
        {
            sql.Append(" AND entity = $entity");
            bindings.Add(("$entity", entity));
        }

        if (query.Attribute is { } attribute)
        {
            sql.Append(" AND attribute = $attribute");
            bindings.Add(("$attribute", attribute));
        }

        if (query.Kind is { } kind)
        {
            sql.Append(" AND kind = $kind");
            bindings.Add(("$kind", (int)kind));
        }

        if (query.RecordedFrom is { } from)
        {
            sql.Append(" AND recorded_at >= $from");
            bindings.Add(("$from", SqliteTime.ToTicks(from)));
        }

        if (query.RecordedBefore is { } before)
        {
            sql.Append(" AND recorded_at < $before");
            bindings.Add(("$before", SqliteTime.ToTicks(before)));
        }

        if (!query.IncludeSuperseded)
        {
            sql.Append(" AND valid_to IS NULL");
        }

        sql.Append(" ORDER BY recorded_at, entity, attribute, version");
        if (query.Limit is int limit)
        {
            sql.Append(" LIMIT $limit");
            bindings.Add(("$limit", limit));
        }

        return Task.FromResult(Run(connection => Select(connection, sql.ToString(), command =>
        {
            foreach ((string name, object value) in bindings)
            {
                command.Parameters.AddWithValue(name, value);
            }
        })));
    }

    /// <inheritdoc/>
    public override Task<int> PruneAsync(MemoryPrune prune, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNull(prune);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Run(connection =>
        {
            using SqliteCommand delete = connection.CreateCommand();
            delete.CommandText = "DELETE FROM memory_records WHERE kind = $kind AND recorded_at < $before" + (prune.SupersededOnly ? " AND valid_to IS NOT NULL" : string.Empty);
            delete.Parameters.AddWithValue("$kind", (int)prune.Kind);
            delete.Parameters.AddWithValue("$before", SqliteTime.ToTicks(prune.RecordedBefore));
            return delete.ExecuteNonQuery();
        }));
    }

    // One transaction for the batch, a savepoint for each write: a write that fails on its own (a version conflict, a ValidFrom before
    // the current one's, a value it cannot store) is rolled back to its savepoint and its writer gets the exception once the others are
    // committed. A storage failure (SqliteException) fails the transaction, so every write of the batch.
    private void Commit(SqliteConnection connection, List<PendingWrite> batch)
    {
        using (SqliteTransaction transaction = connection.BeginTransaction(deferred: false))
        {
            foreach (PendingWrite pending in batch)
            {
                transaction.Save("write");
                try
                {
                    pending.Record = Apply(connection, transaction, pending.Write);
                    transaction.Release("write");
                }
                catch (Exception ex) when (ex is not SqliteException)
                {
                    transaction.Rollback("write");
                    transaction.Release("write");
                    pending.Refusal = ex;
                }
            }

            transaction.Commit();
        }

        foreach (PendingWrite pending in batch)
        {
            if (pending.Refusal is { } refusal)
            {
                pending.Completion.TrySetException(refusal);
            }
            else
            {
                pending.Completion.TrySetResult(pending.Record!);
            }
        }
    }

    private MemoryRecord Apply(SqliteConnection connection, SqliteTransaction transaction, MemoryWrite write)
    {
        MemoryRecord? current = ReadCurrent(connection, transaction, write.Entity, write.Attribute);
        int currentVersion = current?.Version ?? 0;
        if (write.ExpectedVersion is int expected && expected != currentVersion)
        {
            throw new MemoryConflictException(write.Entity, write.Attribute, expected, currentVersion);
        }

        DateTimeOffset now = _timeProvider.GetUtcNow();
        // Without an explicit ValidFrom the update holds from now, or from where the current version starts if that is later
        // (a clock behind the writer's, e.g. a shell next to a host on another clock): it supersedes, never rewrites the past.
        DateTimeOffset validFrom = write.ValidFrom ?? (current is not null && current.ValidFrom > now ? current.ValidFrom : now);
        if (current is not null)
        {
            if (validFrom < current.ValidFrom)
            {
                throw new ArgumentException(
                    $"ValidFrom {validFrom:O} precedes the current version's ValidFrom {current.ValidFrom:O} for {write.Entity} / {write.Attribute}.",
                    nameof(write));
            }

            using SqliteCommand close = connection.CreateCommand();
            close.Transaction = transaction;
            close.CommandText = "UPDATE memory_records SET valid_to = $validTo WHERE entity = $entity AND attribute = $attribute AND version = $version";
            close.Parameters.AddWithValue("$validTo", SqliteTime.ToTicks(validFrom));
            close.Parameters.AddWithValue("$entity", write.Entity);
            close.Parameters.AddWithValue("$attribute", write.Attribute);
            close.Parameters.AddWithValue("$version", currentVersion);
            close.ExecuteNonQuery();
        }

        var record = new MemoryRecord(write.Entity, write.Attribute, write.Kind, write.Value, currentVersion + 1, validFrom, null, now, write.Provenance);
        Insert(connection, transaction, record);
        return record;
    }

    private T Run<T>(Func<SqliteConnection, T> work)
    {
        using SqliteConnection connection = _database.Open();
        try
        {
            return work(connection);
        }
        catch (SqliteException ex)
        {
            throw _database.Translate(ex);
        }
    }

    private static MemoryRecord? ReadCurrent(SqliteConnection connection, SqliteTransaction? transaction, string entity, string attribute)
    {
        IReadOnlyList<MemoryRecord> current = Select(
            connection,
            $"SELECT {Columns} FROM memory_records WHERE entity = $entity AND attribute = $attribute ORDER BY version DESC LIMIT 1",
            command =>
            {
                command.Transaction = transaction;
                command.Parameters.AddWithValue("$entity", entity);
                command.Parameters.AddWithValue("$attribute", attribute);
            });
        return current.Count == 0 ? null : current[0];
    }

    private static IReadOnlyList<MemoryRecord> Select(SqliteConnection connection, string sql, Action<SqliteCommand> bind)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        bind(command);
        using SqliteDataReader reader = command.ExecuteReader();
        var records = new List<MemoryRecord>();
        while (reader.Read())
        {
            records.Add(ReadRecord(reader));
        }

        return records;
    }

    private static void Insert(SqliteConnection connection, SqliteTransaction transaction, MemoryRecord record)
    {
        using SqliteCommand insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = $"INSERT INTO memory_records ({Columns}) VALUES ($entity, $attribute, $version, $kind, $value, $validFrom, NULL, $recordedAt, $actorKind, $actor, $modelId, $inputs, $approvalId)";
        insert.Parameters.AddWithValue("$entity", record.Entity);
        insert.Parameters.AddWithValue("$attribute", record.Attribute);
        insert.Parameters.AddWithValue("$version", record.Version);
        insert.Parameters.AddWithValue("$kind", (int)record.Kind);
        insert.Parameters.AddWithValue("$value", record.Value.ValueKind == JsonValueKind.Undefined ? DBNull.Value : record.Value.GetRawText());
        insert.Parameters.AddWithValue("$validFrom", SqliteTime.ToTicks(record.ValidFrom));
        insert.Parameters.AddWithValue("$recordedAt", SqliteTime.ToTicks(record.RecordedAt));
        insert.Parameters.AddWithValue("$actorKind", (int)record.Provenance.ActorKind);
        insert.Parameters.AddWithValue("$actor", record.Provenance.Actor);
        insert.Parameters.AddWithValue("$modelId", (object?)record.Provenance.ModelId ?? DBNull.Value);
        insert.Parameters.AddWithValue("$inputs", SqliteJson.WriteStrings(record.Provenance.InputReferences));
        insert.Parameters.AddWithValue("$approvalId", (object?)record.Provenance.ApprovalId ?? DBNull.Value);
        insert.ExecuteNonQuery();
    }

    private static MemoryRecord ReadRecord(SqliteDataReader reader)
    {
        var provenance = new Provenance((ActorKind)reader.GetInt32(8), reader.GetString(9))
        {
            ModelId = reader.IsDBNull(10) ? null : reader.GetString(10),
            InputReferences = SqliteJson.ReadStrings(reader.GetString(11)),
            ApprovalId = reader.IsDBNull(12) ? null : reader.GetString(12),
        };
        return new MemoryRecord(
            reader.GetString(0),
            reader.GetString(1),
            (MemoryKind)reader.GetInt32(3),
            reader.IsDBNull(4) ? default : SqliteJson.Parse(reader.GetString(4)),
            reader.GetInt32(2),
            SqliteTime.FromTicks(reader.GetInt64(5)),
            reader.IsDBNull(6) ? null : SqliteTime.FromTicks(reader.GetInt64(6)),
            SqliteTime.FromTicks(reader.GetInt64(7)),
            provenance);
    }

    /// <summary>A write waiting for the writer: what it wants, and what became of it once its transaction is committed.</summary>
    private sealed class PendingWrite(MemoryWrite write)
    {
        public MemoryWrite Write { get; } = write;

        public TaskCompletionSource<MemoryRecord> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public MemoryRecord? Record { get; set; }

        public Exception? Refusal { get; set; }
    }
}
