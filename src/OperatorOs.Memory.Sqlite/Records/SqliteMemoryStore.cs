using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using OperatorOs.Shared;

namespace OperatorOs;

/// <summary>Versioned, bi-temporal memory in SQLite: a write closes the current version and inserts the next in one transaction.</summary>
/// <remarks>Thread-safe. Writes take SQLite's write lock at the start of their transaction (<c>BEGIN IMMEDIATE</c>), so the version check and the insert cannot interleave with another writer, in this process or another.</remarks>
public sealed class SqliteMemoryStore : MemoryStore
{
    private const string Columns = "entity, attribute, version, kind, value, valid_from, valid_to, recorded_at, actor_kind, actor, model_id, inputs, approval_id";

    private readonly SqliteDatabase _database;
    private readonly TimeProvider _timeProvider;

    /// <summary>Initializes a new instance of the <see cref="SqliteMemoryStore"/> class.</summary>
    /// <param name="database">The storage file.</param>
    /// <param name="timeProvider">The clock that stamps records, or <see langword="null"/> for the system clock.</param>
    /// <exception cref="ArgumentNullException"><paramref name="database"/> is <see langword="null"/>.</exception>
    public SqliteMemoryStore(SqliteDatabase database, TimeProvider? timeProvider = null)
    {
        _database = Throw.IfNull(database);
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc/>
    public override Task<MemoryRecord> WriteAsync(MemoryWrite write, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNull(write);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Run(connection =>
        {
            using SqliteTransaction transaction = connection.BeginTransaction(deferred: false);
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
            transaction.Commit();
            return record;
        }));
    }

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
}
