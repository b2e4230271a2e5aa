using System.Text.Json;
using Microsoft.Data.Sqlite;
using OperatorOs.Shared;

namespace OperatorOs.Connectors.Http.Internal;

/// <summary>The connector's record of completed operations in a SQLite file, so a token's result survives a restart.</summary>
internal sealed class SqliteOperationLedger : IOperationLedger
{
    private const string Schema = """
        CREATE TABLE http_operations (
            token        TEXT    PRIMARY KEY,
            capability   TEXT    NOT NULL,
            output       TEXT    NOT NULL,
            summary      TEXT    NOT NULL,
            completed_at INTEGER NOT NULL
        ) WITHOUT ROWID;
        """;

    private readonly Lazy<ConnectorLedgerFile> _file;

    public SqliteOperationLedger(string path, string connector)
    {
        // Opened on first use: the connector's constructor does no I/O; a failed open (a locked file) is tried again next time.
        _file = new Lazy<ConnectorLedgerFile>(() => new ConnectorLedgerFile(path, connector, "operation ledger", [Schema]), LazyThreadSafetyMode.PublicationOnly);
    }

    public async ValueTask<OperationResult?> TryGetAsync(OperationToken token, CancellationToken cancellationToken) =>
        await RunAsync(async connection =>
        {
            using SqliteCommand select = connection.CreateCommand();
            select.CommandText = "SELECT capability, output, summary, completed_at FROM http_operations WHERE token = $token";
            select.Parameters.AddWithValue("$token", token.Value);
            using SqliteDataReader reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            using JsonDocument output = JsonDocument.Parse(reader.GetString(1));
            return new OperationResult(token, reader.GetString(0), output.RootElement.Clone(), reader.GetString(2), new DateTimeOffset(reader.GetInt64(3), TimeSpan.Zero));
        }, cancellationToken).ConfigureAwait(false);

    public async ValueTask RecordAsync(OperationResult result, CancellationToken cancellationToken) =>
        _ = await RunAsync(async connection =>
        {
            // First record wins: a token's result never changes once recorded.
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
            return await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);

    private async Task<T> RunAsync<T>(Func<SqliteConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            SqliteConnection connection = await _file.Value.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                return await work(connection).ConfigureAwait(false);
            }
        }
        catch (SqliteException ex)
        {
            throw _file.Value.Translate(ex);
        }
    }
}
