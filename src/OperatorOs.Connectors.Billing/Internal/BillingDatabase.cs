using System.Globalization;
using Microsoft.Data.Sqlite;

namespace OperatorOs.Connectors.Billing.Internal;

/// <summary>The ledger's SQLite file: opens configured connections (WAL, <c>synchronous = FULL</c>, foreign keys) and migrates the schema.</summary>
/// <remarks>Thread-safe. Each operation opens its own pooled connection; writers take the database lock with <c>BEGIN IMMEDIATE</c>.</remarks>
internal sealed class BillingDatabase
{
    private const string Pragmas = "PRAGMA busy_timeout = 30000; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;";

    private readonly string _connectionString;
    private readonly string _connector;

    /// <summary>Initializes a new instance of the <see cref="BillingDatabase"/> class, creating or upgrading the file.</summary>
    /// <exception cref="ConnectorException">The file cannot be opened, is damaged or has a newer schema.</exception>
    public BillingDatabase(string path, string connector)
    {
        Path = System.IO.Path.GetFullPath(path);
        _connector = connector;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        Migrate();
    }

    /// <summary>Gets the full path of the database file.</summary>
    public string Path { get; }

    /// <summary>Opens a configured connection.</summary>
    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            using SqliteCommand pragma = connection.CreateCommand();
            pragma.CommandText = Pragmas;
            _ = await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Turns a SQLite failure into the typed error callers see.</summary>
    public ConnectorException Translate(SqliteException exception) => exception.SqliteErrorCode switch
    {
        5 or 6 => new ConnectorException(_connector, $"the ledger '{Path}' is locked by another connection; try again.", isTransient: true, exception),
        11 or 26 => new ConnectorException(_connector, $"the ledger '{Path}' is not a billing ledger or is damaged; restore it from a backup.", isTransient: false, exception),
        10 or 13 => new ConnectorException(_connector, $"I/O failed on the ledger '{Path}': {exception.Message}", isTransient: true, exception),
        _ => new ConnectorException(_connector, $"the ledger '{Path}' failed: {exception.Message}", isTransient: false, exception),
    };

    private void Migrate()
    {
        try
        {
            string? directory = System.IO.Path.GetDirectoryName(Path);
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            using var connection = new SqliteConnection(_connectionString);
            connection.Open();
            Execute(connection, null, Pragmas);
            _ = Scalar(connection, null, "PRAGMA journal_mode = WAL;");

            using SqliteTransaction transaction = connection.BeginTransaction(deferred: false);
            int version = Convert.ToInt32(Scalar(connection, transaction, "PRAGMA user_version;"), CultureInfo.InvariantCulture);
            if (version > BillingSchema.Version)
            {
                throw new ConnectorException(
                    _connector,
                    $"the ledger '{Path}' has schema version {version}; this OperatorOs knows versions up to {BillingSchema.Version}. Upgrade OperatorOs to open it.",
                    isTransient: false);
            }

            for (int next = version; next < BillingSchema.Version; next++)
            {
                Execute(connection, transaction, BillingSchema.Migrations[next]);
            }

            if (version != BillingSchema.Version)
            {
                Execute(connection, transaction, string.Create(CultureInfo.InvariantCulture, $"PRAGMA user_version = {BillingSchema.Version};"));
            }

            transaction.Commit();
        }
        catch (SqliteException ex)
        {
            throw Translate(ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConnectorException(_connector, $"cannot create the ledger '{Path}': {ex.Message}", isTransient: false, ex);
        }
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        _ = command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
