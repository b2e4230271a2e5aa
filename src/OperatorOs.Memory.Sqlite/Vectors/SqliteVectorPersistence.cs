using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.VectorData;
using Microsoft.Extensions.VectorData.ProviderServices;

#pragma warning disable MEVD9001 // MEVD provider services are experimental; this is the connector-author API they exist for.

namespace OperatorOs;

/// <summary>
/// Keeps the vector collections of one <see cref="SqliteDatabase"/> in its file: a row per collection (name, key type, shape), a row per
/// record (key, data as JSON), a row per vector (little-endian float BLOB).
/// </summary>
/// <remarks>
/// Thread-safe: every call opens its own pooled connection; writes run in one <c>BEGIN IMMEDIATE</c> transaction each and are durable
/// (with <see cref="SqliteStorageOptions.DurableCommits"/>) when they return. SQLite failures surface as <see cref="SqliteStorageException"/>.
/// </remarks>
internal sealed class SqliteVectorPersistence : IInMemoryCollectionPersistence
{
    /// <summary>The vector store system name the SQLite store and its collections report.</summary>
    public const string VectorStoreSystemName = "sqlite";

    private readonly SqliteDatabase _database;

    public SqliteVectorPersistence(SqliteDatabase database) => _database = database;

    /// <inheritdoc/>
    public string SystemName => VectorStoreSystemName;

    /// <inheritdoc/>
    public IReadOnlyList<string> ListCollections() => Run(connection =>
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM vector_collections ORDER BY name";
        using SqliteDataReader reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    });

    /// <inheritdoc/>
    public bool CollectionExists(string name) => Run(connection => ReadShape(connection, null, name) is not null);

    /// <summary>Checks that a collection stored under <paramref name="name"/>, if any, can be read with <paramref name="layout"/>.</summary>
    /// <exception cref="VectorCollectionMismatchException">The stored shape is incompatible.</exception>
    public void EnsureCompatible(string name, VectorRecordLayout layout) => Run(connection =>
    {
        if (ReadShape(connection, null, name) is { } stored)
        {
            Check(name, stored, layout);
        }

        return true;
    });

    /// <inheritdoc/>
    public bool OpenCollection(string name, CollectionModel model, bool create)
    {
        VectorRecordLayout layout = VectorRecordLayout.For(name, model);
        return Run(connection =>
        {
            if (!create)
            {
                if (ReadShape(connection, null, name) is not { } found)
                {
                    return false;
                }

                Check(name, found, layout);
                return true;
            }

            using SqliteTransaction transaction = connection.BeginTransaction(deferred: false);
            VectorCollectionShape? stored = ReadShape(connection, transaction, name);
            if (stored is null)
            {
                Execute(connection, transaction, "INSERT INTO vector_collections (name, key_type, shape) VALUES ($name, $keyType, $shape)", command =>
                {
                    command.Parameters.AddWithValue("$name", name);
                    command.Parameters.AddWithValue("$keyType", layout.KeyType);
                    command.Parameters.AddWithValue("$shape", layout.Shape.ToJson());
                });
            }
            else
            {
                Check(name, stored, layout);
                UpdateShape(connection, transaction, name, stored, layout);
            }

            transaction.Commit();
            return stored is not null;
        });
    }

    /// <inheritdoc/>
    public void LoadRecords<TKey, TRecord>(string name, CollectionModel model, Action<TKey, TRecord, ReadOnlyMemory<float>[]> load)
        where TKey : notnull
        where TRecord : class
    {
        VectorRecordLayout layout = VectorRecordLayout.For(name, model);
        var vectorIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < layout.Vectors.Count; i++)
        {
            vectorIndex.Add(layout.Vectors[i].StorageName, i);
        }

        _ = Run(connection =>
        {
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = """
                SELECT r.id, r.record_key, r.data, v.property, v.vector
                FROM vector_records r LEFT JOIN vector_record_vectors v ON v.record_id = r.id
                WHERE r.collection = $name
                ORDER BY r.id
                """;
            command.Parameters.AddWithValue("$name", name);
            using SqliteDataReader reader = command.ExecuteReader();
            long currentId = 0;
            object keyValue = null!;
            TKey key = default!;
            TRecord? record = null;
            ReadOnlyMemory<float>[] vectors = [];
            while (reader.Read())
            {
                long id = reader.GetInt64(0);
                if (record is null || id != currentId)
                {
                    if (record is not null)
                    {
                        load(key, record, vectors);
                    }

                    currentId = id;
                    keyValue = VectorKeyColumn.FromDb(layout.Key.Type, reader, 1);
                    key = (TKey)keyValue;
                    record = ReadRecord<TRecord>(name, model, layout, keyValue, reader.GetString(2));
                    vectors = new ReadOnlyMemory<float>[layout.Vectors.Count];
                }

                if (!reader.IsDBNull(3) && vectorIndex.TryGetValue(reader.GetString(3), out int index))
                {
                    VectorPropertyModel property = layout.Vectors[index];
                    float[]? vector = VectorBlob.FromBytes((byte[])reader.GetValue(4));
                    vectors[index] = vector is not null && vector.Length == property.Dimensions
                        ? vector
                        : throw new SqliteStorageException(
                            SqliteStorageError.Corrupt,
                            _database.Path,
                            $"the stored vector '{property.StorageName}' of record '{keyValue}' in vector collection '{name}' is not {property.Dimensions} floats.");
                }
            }

            if (record is not null)
            {
                load(key, record, vectors);
            }

            return true;
        });
    }

    /// <inheritdoc/>
    public void DeleteCollection(string name) => Run(connection =>
    {
        using SqliteTransaction transaction = connection.BeginTransaction(deferred: false);
        Execute(connection, transaction, "DELETE FROM vector_record_vectors WHERE record_id IN (SELECT id FROM vector_records WHERE collection = $name)", c => c.Parameters.AddWithValue("$name", name));
        Execute(connection, transaction, "DELETE FROM vector_records WHERE collection = $name", c => c.Parameters.AddWithValue("$name", name));
        Execute(connection, transaction, "DELETE FROM vector_collections WHERE name = $name", c => c.Parameters.AddWithValue("$name", name));
        transaction.Commit();
        return true;
    });

    /// <inheritdoc/>
    public void Upsert<TKey, TRecord>(string name, CollectionModel model, IReadOnlyList<TKey> keys, IReadOnlyList<TRecord> records, IReadOnlyList<ReadOnlyMemory<float>[]> vectors)
        where TKey : notnull
        where TRecord : class
    {
        VectorRecordLayout layout = VectorRecordLayout.For(name, model);
        var data = new string[records.Count];
        for (int r = 0; r < records.Count; r++)
        {
            data[r] = layout.WriteData(records[r]);
        }

        _ = Run(connection =>
        {
            using SqliteTransaction transaction = connection.BeginTransaction(deferred: false);
            VectorCollectionShape stored = ReadShape(connection, transaction, name) ?? throw Missing(name);
            Check(name, stored, layout);
            UpdateShape(connection, transaction, name, stored, layout);

            using SqliteCommand upsert = Command(connection, transaction, """
                INSERT INTO vector_records (collection, record_key, data) VALUES ($name, $key, $data)
                ON CONFLICT (collection, record_key) DO UPDATE SET data = excluded.data
                RETURNING id
                """);
            upsert.Parameters.AddWithValue("$name", name);
            SqliteParameter upsertKey = upsert.Parameters.Add("$key", SqliteType.Text);
            SqliteParameter upsertData = upsert.Parameters.Add("$data", SqliteType.Text);
            using SqliteCommand clear = Command(connection, transaction, "DELETE FROM vector_record_vectors WHERE record_id = $id");
            SqliteParameter clearId = clear.Parameters.Add("$id", SqliteType.Integer);
            using SqliteCommand insert = Command(connection, transaction, "INSERT INTO vector_record_vectors (record_id, property, vector) VALUES ($id, $property, $vector)");
            SqliteParameter insertId = insert.Parameters.Add("$id", SqliteType.Integer);
            SqliteParameter insertProperty = insert.Parameters.Add("$property", SqliteType.Text);
            SqliteParameter insertVector = insert.Parameters.Add("$vector", SqliteType.Blob);
            for (int r = 0; r < records.Count; r++)
            {
                object key = VectorKeyColumn.ToDb(keys[r]);
                upsertKey.SqliteType = key is long ? SqliteType.Integer : SqliteType.Text;
                upsertKey.Value = key;
                upsertData.Value = data[r];
                long id = Convert.ToInt64(upsert.ExecuteScalar(), CultureInfo.InvariantCulture);
                clearId.Value = id;
                clear.ExecuteNonQuery();
                for (int v = 0; v < layout.Vectors.Count; v++)
                {
                    if (vectors[r][v].IsEmpty)
                    {
                        continue;
                    }

                    insertId.Value = id;
                    insertProperty.Value = layout.Vectors[v].StorageName;
                    insertVector.Value = VectorBlob.ToBytes(vectors[r][v].Span);
                    insert.ExecuteNonQuery();
                }
            }

            transaction.Commit();
            return true;
        });
    }

    /// <inheritdoc/>
    public void Delete<TKey>(string name, CollectionModel model, IReadOnlyList<TKey> keys)
        where TKey : notnull
    {
        _ = Run(connection =>
        {
            using SqliteTransaction transaction = connection.BeginTransaction(deferred: false);
            using SqliteCommand clear = Command(
                connection, transaction, "DELETE FROM vector_record_vectors WHERE record_id = (SELECT id FROM vector_records WHERE collection = $name AND record_key = $key)");
            using SqliteCommand delete = Command(connection, transaction, "DELETE FROM vector_records WHERE collection = $name AND record_key = $key");
            foreach (SqliteCommand command in new[] { clear, delete })
            {
                command.Parameters.AddWithValue("$name", name);
                command.Parameters.Add("$key", SqliteType.Text);
            }

            foreach (TKey key in keys)
            {
                object value = VectorKeyColumn.ToDb(key);
                foreach (SqliteCommand command in new[] { clear, delete })
                {
                    command.Parameters["$key"].SqliteType = value is long ? SqliteType.Integer : SqliteType.Text;
                    command.Parameters["$key"].Value = value;
                    command.ExecuteNonQuery();
                }
            }

            transaction.Commit();
            return true;
        });
    }

    private static VectorStoreException Missing(string name) => new($"Collection '{name}' does not exist.")
    {
        CollectionName = name,
        VectorStoreSystemName = VectorStoreSystemName,
    };

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        SqliteCommand command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction transaction, string sql, Action<SqliteCommand> bind)
    {
        using SqliteCommand command = Command(connection, transaction, sql);
        bind(command);
        command.ExecuteNonQuery();
    }

    private static void UpdateShape(SqliteConnection connection, SqliteTransaction transaction, string name, VectorCollectionShape stored, VectorRecordLayout layout)
    {
        if (stored.MergeWith(layout.Shape) is { } merged)
        {
            Execute(connection, transaction, "UPDATE vector_collections SET shape = $shape WHERE name = $name", command =>
            {
                command.Parameters.AddWithValue("$shape", merged.ToJson());
                command.Parameters.AddWithValue("$name", name);
            });
        }
    }

    private TRecord ReadRecord<TRecord>(string name, CollectionModel model, VectorRecordLayout layout, object key, string json)
        where TRecord : class
    {
        TRecord record = model.CreateRecord<TRecord>();
        layout.Key.SetValueAsObject(record, key);
        string? property = null;
        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            layout.ReadData(document.RootElement, record, out property);
            return record;
        }
        catch (JsonException ex) when (property is null)
        {
            throw new SqliteStorageException(SqliteStorageError.Corrupt, _database.Path, $"the stored data of record '{key}' in vector collection '{name}' is not JSON.", ex);
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException or JsonException or OverflowException or InvalidCastException)
        {
            throw new VectorCollectionMismatchException(
                name, property, _database.Path, $"the stored value of property '{property}' of record '{key}' cannot be read as the type asked for ({ex.Message})", ex);
        }
    }

    private VectorCollectionShape? ReadShape(SqliteConnection connection, SqliteTransaction? transaction, string name)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT key_type, shape FROM vector_collections WHERE name = $name";
        command.Parameters.AddWithValue("$name", name);
        using SqliteDataReader reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        try
        {
            return VectorCollectionShape.Parse(reader.GetString(0), reader.GetString(1));
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            throw new SqliteStorageException(SqliteStorageError.Corrupt, _database.Path, $"the stored shape of vector collection '{name}' cannot be read.", ex);
        }
    }

    private void Check(string name, VectorCollectionShape stored, VectorRecordLayout layout)
    {
        if (stored.FindConflict(layout.Shape) is { } conflict)
        {
            throw new VectorCollectionMismatchException(name, conflict.Property, _database.Path, conflict.Problem);
        }
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
}
