using System.Globalization;
using Microsoft.Data.Sqlite;
using OperatorOs.Shared;

namespace OperatorOs;

/// <summary>One SQLite storage file: opens configured connections, applies migrations, and turns SQLite failures into <see cref="SqliteStorageException"/>.</summary>
/// <remarks>Thread-safe. Each caller opens its own connection (pooled); WAL lets readers run beside the one writer.</remarks>
public sealed class SqliteDatabase
{
    private readonly string _connectionString;
    private readonly string _pragmas;
    private readonly bool _createIfMissing;
    private InMemoryStorageRegistry? _vectorCollections;

    /// <summary>Initializes a new instance of the <see cref="SqliteDatabase"/> class, creating or upgrading the file's schema.</summary>
    /// <param name="options">The storage options; <see cref="SqliteStorageOptions.Path"/> is required.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The path is missing or an option is out of range.</exception>
    /// <exception cref="SqliteStorageException">The file is locked, corrupt, written by a newer schema, or cannot be opened; or, with <see cref="SqliteStorageOptions.CreateIfMissing"/> off, missing or without an OperatorOs schema.</exception>
    /// <remarks>Opening a file whose schema is current reads it and takes no write lock, so it does not wait for a host that is writing.</remarks>
    public SqliteDatabase(SqliteStorageOptions options)
    {
        _ = Throw.IfNull(options);
        if (string.IsNullOrWhiteSpace(options.Path))
        {
            throw new ArgumentException($"{nameof(SqliteStorageOptions)}.{nameof(SqliteStorageOptions.Path)} is required.", nameof(options));
        }

        if (options.BusyTimeout < TimeSpan.Zero || options.BusyTimeout > TimeSpan.FromHours(1))
        {
            throw new ArgumentException($"{nameof(SqliteStorageOptions)}.{nameof(SqliteStorageOptions.BusyTimeout)} must be between 0 and 1 hour, was {options.BusyTimeout}.", nameof(options));
        }

        if (options.MaxJournalBatch is < 1 or > 100_000)
        {
            throw new ArgumentException($"{nameof(SqliteStorageOptions)}.{nameof(SqliteStorageOptions.MaxJournalBatch)} must be between 1 and 100000, was {options.MaxJournalBatch}.", nameof(options));
        }

        if (options.JournalPollInterval < TimeSpan.FromMilliseconds(10) || options.JournalPollInterval > TimeSpan.FromHours(1))
        {
            throw new ArgumentException($"{nameof(SqliteStorageOptions)}.{nameof(SqliteStorageOptions.JournalPollInterval)} must be between 10 milliseconds and 1 hour, was {options.JournalPollInterval}.", nameof(options));
        }

        Path = System.IO.Path.GetFullPath(options.Path);
        MaxJournalBatch = options.MaxJournalBatch;
        JournalPollInterval = options.JournalPollInterval;
        _createIfMissing = options.CreateIfMissing;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = options.CreateIfMissing ? SqliteOpenMode.ReadWriteCreate : SqliteOpenMode.ReadWrite,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds),
        }.ToString();
        _pragmas = string.Create(
            CultureInfo.InvariantCulture,
            $"PRAGMA busy_timeout = {(long)options.BusyTimeout.TotalMilliseconds}; PRAGMA synchronous = {(options.DurableCommits ? "FULL" : "NORMAL")}; PRAGMA foreign_keys = ON;");

        Migrate();
    }

    /// <summary>Gets the full path of the database file.</summary>
    public string Path { get; }

    /// <summary>Gets the schema version the file is at.</summary>
    public int SchemaVersion => SqliteSchema.Version;

    internal int MaxJournalBatch { get; }

    internal TimeSpan JournalPollInterval { get; }

    /// <summary>Gets the vector collections kept in this file, loaded on first use and shared by every <see cref="SqliteVectorStore"/> over this instance.</summary>
    /// <remarks>One per database instance, so that stores over the same instance never hold diverging copies of a collection.</remarks>
    internal InMemoryStorageRegistry VectorCollections =>
        LazyInitializer.EnsureInitialized(ref _vectorCollections, () => new InMemoryStorageRegistry(new SqliteVectorPersistence(this)));

    /// <summary>Opens a configured connection.</summary>
    internal SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            using SqliteCommand pragma = connection.CreateCommand();
            pragma.CommandText = _pragmas;
            pragma.ExecuteNonQuery();
            return connection;
        }
        catch (SqliteException ex)
        {
            connection.Dispose();
            throw Translate(ex);
        }
    }

    /// <summary>Turns a SQLite failure into the typed error callers see.</summary>
    internal SqliteStorageException Translate(SqliteException exception) => exception.SqliteErrorCode switch
    {
        5 or 6 => new SqliteStorageException(SqliteStorageError.Locked, Path, "the database is locked by another connection; try again, or raise the busy timeout.", exception),
        11 or 26 => new SqliteStorageException(SqliteStorageError.Corrupt, Path, "the file is not an OperatorOs SQLite database or is damaged; restore it from a backup.", exception),
        _ => new SqliteStorageException(SqliteStorageError.Unavailable, Path, exception.Message, exception),
    };

    private void Migrate()
    {
        if (!_createIfMissing && !File.Exists(Path))
        {
            throw new SqliteStorageException(SqliteStorageError.Unavailable, Path, "the file does not exist; nothing was created.");
        }

        if (_createIfMissing && System.IO.Path.GetDirectoryName(Path) is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
        }

        using SqliteConnection connection = Open();
        try
        {
            // Read the version without a write lock: a current file needs nothing more, so opening one never waits for a writer.
            int version = ReadVersion(connection, transaction: null);
            if (version == 0 && !_createIfMissing)
            {
                // Checked before WAL is switched on, which would write to the file.
                string problem = HasTables(connection)
                    ? "the file is a SQLite database but not an OperatorOs one (it has tables and no OperatorOs schema version)."
                    : "the file holds no OperatorOs schema (an empty database); nothing was created.";
                throw new SqliteStorageException(SqliteStorageError.Corrupt, Path, problem);
            }

            using (SqliteCommand wal = connection.CreateCommand())
            {
                // Already WAL (every file this class made): a no-op that takes no lock.
                wal.CommandText = "PRAGMA journal_mode = WAL;";
                _ = wal.ExecuteScalar();
            }

            if (version == SqliteSchema.Version)
            {
                return;
            }

            using SqliteTransaction transaction = connection.BeginTransaction(deferred: false);
            version = ReadVersion(connection, transaction);
            for (int next = version; next < SqliteSchema.Version; next++)
            {
                using SqliteCommand migration = connection.CreateCommand();
                migration.Transaction = transaction;
                migration.CommandText = SqliteSchema.Migrations[next];
                migration.ExecuteNonQuery();
            }

            if (version != SqliteSchema.Version)
            {
                _ = Scalar(connection, transaction, string.Create(CultureInfo.InvariantCulture, $"PRAGMA user_version = {SqliteSchema.Version};"));
            }

            transaction.Commit();
        }
        catch (SqliteException ex)
        {
            throw Translate(ex);
        }
    }

    private int ReadVersion(SqliteConnection connection, SqliteTransaction? transaction)
    {
        int version = Convert.ToInt32(Scalar(connection, transaction, "PRAGMA user_version;"), CultureInfo.InvariantCulture);
        if (version > SqliteSchema.Version)
        {
            throw new SqliteStorageException(
                SqliteStorageError.NewerSchema,
                Path,
                $"the file's schema is version {version}, this OperatorOs knows versions up to {SqliteSchema.Version}; upgrade OperatorOs to open it.");
        }

        return version;
    }

    private static bool HasTables(SqliteConnection connection) =>
        Convert.ToInt64(Scalar(connection, transaction: null, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table';"), CultureInfo.InvariantCulture) > 0;

    private static object? Scalar(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
