using System.Globalization;
using Microsoft.Data.Sqlite;

namespace OperatorOs.Shared;

/// <summary>The SQLite file a connector keeps its operation ledger in: WAL, <c>synchronous = FULL</c>, forward migrations counted by
/// <c>PRAGMA user_version</c>, and SQLite's failures as <see cref="ConnectorException"/>s that say what and where.</summary>
/// <remarks>Compiled into the connectors that keep a ledger; each call opens its own pooled connection, so instances and processes sharing
/// the file see each other's records at once.</remarks>
internal sealed class ConnectorLedgerFile
{
    private const string Pragmas = "PRAGMA busy_timeout = 30000; PRAGMA synchronous = FULL;";

    private readonly string _connectionString;
    private readonly string _connector;
    private readonly string _kind;
    private readonly string _pragmas;

    /// <summary>Opens the file, creating or migrating it.</summary>
    /// <param name="path">The file's path.</param>
    /// <param name="connector">The connector's name, for errors.</param>
    /// <param name="kind">What the file is, for errors, e.g. <c>e-mail ledger</c>.</param>
    /// <param name="migrations">The schema as forward migrations; never edit a shipped one, append.</param>
    /// <param name="pragmas">More pragmas every connection needs, e.g. <c>PRAGMA foreign_keys = ON;</c>.</param>
    /// <exception cref="ConnectorException">The file cannot be created, is damaged or has a newer schema.</exception>
    public ConnectorLedgerFile(string path, string connector, string kind, IReadOnlyList<string> migrations, string? pragmas = null)
    {
        _pragmas = pragmas is null ? Pragmas : Pragmas + " " + pragmas;
        Path = System.IO.Path.GetFullPath(path);
        _connector = connector;
        _kind = kind;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        Migrate(migrations);
    }

    /// <summary>Gets the full path of the file.</summary>
    public string Path { get; }

    /// <summary>Opens a connection with the ledger's pragmas applied.</summary>
    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            using SqliteCommand pragma = connection.CreateCommand();
            pragma.CommandText = _pragmas;
            _ = await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Turns a SQLite failure into the connector's typed error: locked and I/O failures are transient.</summary>
    public ConnectorException Translate(SqliteException exception) => exception.SqliteErrorCode switch
    {
        5 or 6 => new ConnectorException(_connector, $"the {_kind} '{Path}' is locked by another connection; try again.", isTransient: true, exception),
        11 or 26 => new ConnectorException(_connector, $"the {_kind} '{Path}' is not an OperatorOs {_kind} or is damaged; restore it from a backup.", isTransient: false, exception),
        10 or 13 => new ConnectorException(_connector, $"I/O failed on the {_kind} '{Path}': {exception.Message}", isTransient: true, exception),
        _ => new ConnectorException(_connector, $"the {_kind} '{Path}' failed: {exception.Message}", isTransient: false, exception),
    };

    private void Migrate(IReadOnlyList<string> migrations)
    {
        try
        {
            string? directory = System.IO.Path.GetDirectoryName(Path);
            if (!string.IsNullOrEmpty(directory))
            {
                _ = Directory.CreateDirectory(directory);
            }

            using var connection = new SqliteConnection(_connectionString);
            connection.Open();
            using (SqliteCommand setup = connection.CreateCommand())
            {
                setup.CommandText = _pragmas + " PRAGMA journal_mode = WAL;";
                _ = setup.ExecuteNonQuery();
            }

            using SqliteTransaction transaction = connection.BeginTransaction(deferred: false);
            using SqliteCommand command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "PRAGMA user_version;";
            int version = Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
            if (version > migrations.Count)
            {
                throw new ConnectorException(
                    _connector,
                    $"the {_kind} '{Path}' has schema version {version}; this OperatorOs knows versions up to {migrations.Count}. Upgrade OperatorOs to open it.",
                    isTransient: false);
            }

            for (int next = version; next < migrations.Count; next++)
            {
                command.CommandText = migrations[next];
                _ = command.ExecuteNonQuery();
            }

            if (version != migrations.Count)
            {
                command.CommandText = string.Create(CultureInfo.InvariantCulture, $"PRAGMA user_version = {migrations.Count};");
                _ = command.ExecuteNonQuery();
            }

            transaction.Commit();
        }
        catch (SqliteException ex)
        {
            throw Translate(ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConnectorException(_connector, $"cannot create the {_kind} '{Path}': {ex.Message}", isTransient: false, ex);
        }
    }
}
