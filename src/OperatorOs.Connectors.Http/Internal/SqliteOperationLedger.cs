using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace OperatorOs.Connectors.Http.Internal;

/// <summary>The connector's record of completed operations in a SQLite file, so a token's result survives a restart.</summary>
internal sealed class SqliteOperationLedger : IOperationLedger
{
    private const string Schema = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS http_operations (
            token        TEXT    PRIMARY KEY,
            capability   TEXT    NOT NULL,
            output       TEXT    NOT NULL,
            summary      TEXT    NOT NULL,
            completed_at INTEGER NOT NULL
        ) WITHOUT ROWID;
        """;

    private readonly string _connectionString;
    private readonly string _path;
    private readonly string _connector;
    private int _initialized;

    public SqliteOperationLedger(string path, string connector)
    {
        _connector = connector;
        _path = Path.GetFullPath(path);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = _path, Pooling = true, DefaultTimeout = 30 }.ToString();
    }

    public ValueTask<OperationResult?> TryGetAsync(OperationToken token, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Run(connection =>
        {
            using SqliteCommand select = connection.CreateCommand();
            select.CommandText = "SELECT capability, output, summary, completed_at FROM http_operations WHERE token = $token";
            select.Parameters.AddWithValue("$token", token.Value);
            using SqliteDataReader reader = select.ExecuteReader();
            if (!reader.Read())
            {
                return null;
            }

            using JsonDocument output = JsonDocument.Parse(reader.GetString(1));
            return new OperationResult(token, reader.GetString(0), output.RootElement.Clone(), reader.GetString(2), new DateTimeOffset(reader.GetInt64(3), TimeSpan.Zero));
        }));
    }

    public ValueTask RecordAsync(OperationResult result, CancellationToken cancellationToken)
    {
        // First record wins: a token's result never changes once recorded.
        Run(connection =>
        {
            using SqliteCommand insert = connection.CreateCommand();
            insert.CommandText = """
                INSERT INTO http_operations (token, capability, output, summary, completed_at)
                VALUES ($token, $capability, $output, $summary, $completedAt) ON CONFLICT (token) DO NOTHING
                """;
            insert.Parameters.AddWithValue("$token", result.Token.Value);
            insert.Parameters.AddWithValue("$capability", result.Capability);
            insert.Parameters.AddWithValue("$output", result.Output.ValueKind == JsonValueKind.Undefined ? "null" : result.Output.GetRawText());
            insert.Parameters.AddWithValue("$summary", result.Summary);
            insert.Parameters.AddWithValue("$completedAt", result.CompletedAt.UtcTicks);
            return insert.ExecuteNonQuery();
        });
        return ValueTask.CompletedTask;
    }

    private T Run<T>(Func<SqliteConnection, T> work)
    {
        try
        {
            using var connection = new SqliteConnection(_connectionString);
            connection.Open();
            if (Interlocked.Exchange(ref _initialized, 1) == 0)
            {
                using SqliteCommand schema = connection.CreateCommand();
                schema.CommandText = Schema;
                schema.ExecuteNonQuery();
            }

            using (SqliteCommand pragmas = connection.CreateCommand())
            {
                pragmas.CommandText = "PRAGMA synchronous = FULL;";
                pragmas.ExecuteNonQuery();
            }

            return work(connection);
        }
        catch (SqliteException ex)
        {
            Volatile.Write(ref _initialized, 0);
            throw new ConnectorException(_connector, $"The operation ledger '{_path}' cannot be used: {ex.Message}", isTransient: ex.SqliteErrorCode is 5 or 6, ex);
        }
    }
}
