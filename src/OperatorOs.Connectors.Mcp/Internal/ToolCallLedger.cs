using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using OperatorOs.Shared;

namespace OperatorOs.Connectors.Mcp.Internal;

/// <summary>The durable record of tool calls with an effect, keyed by operation token, in a SQLite file of its own.</summary>
/// <remarks>
/// <para>MCP has no idempotency keys, so the connector marks a token <em>started</em> (committed, <c>synchronous = FULL</c>)
/// before it calls the tool and records the result after the call returns. A token with a result is completed; a token
/// started but without a result is in doubt: the process stopped, or the call failed in a way that leaves its effect unknown.</para>
/// <para>Thread-safe; each operation opens its own pooled connection and writers take the lock with <c>BEGIN IMMEDIATE</c>.</para>
/// </remarks>
internal sealed class ToolCallLedger
{
    private const string Schema = """
        CREATE TABLE tool_calls (
            token TEXT PRIMARY KEY NOT NULL,
            capability TEXT NOT NULL,
            tool TEXT NOT NULL,
            arguments_sha256 TEXT NOT NULL,
            started_at TEXT NOT NULL,
            completed_at TEXT,
            summary TEXT,
            output TEXT);
        """;

    private readonly ConnectorLedgerFile _file;

    /// <summary>Initializes a new instance of the <see cref="ToolCallLedger"/> class, creating or checking the file.</summary>
    /// <exception cref="ConnectorException">The file cannot be created, is damaged, or has a newer schema.</exception>
    public ToolCallLedger(string path, string connector)
    {
        _file = new ConnectorLedgerFile(path, connector, "token ledger", [Schema]);
    }

    /// <summary>Gets the full path of the ledger file.</summary>
    public string Path => _file.Path;

    /// <summary>Marks a token started, unless the ledger already knows it.</summary>
    /// <returns><see langword="null"/> when the token was marked started now (the caller may call the tool); otherwise what the ledger holds.</returns>
    public async Task<LedgerEntry?> BeginAsync(OperationToken token, string capability, string tool, string argumentsHash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        SqliteConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using SqliteTransaction transaction = connection.BeginTransaction(deferred: false);
            LedgerEntry? existing = await ReadAsync(connection, transaction, token, cancellationToken).ConfigureAwait(false);
            if (existing is not null)
            {
                return existing;
            }

            await ExecuteAsync(
                connection,
                transaction,
                "INSERT INTO tool_calls (token, capability, tool, arguments_sha256, started_at) VALUES ($token, $capability, $tool, $hash, $now);",
                cancellationToken,
                ("$token", token.Value),
                ("$capability", capability),
                ("$tool", tool),
                ("$hash", argumentsHash),
                ("$now", Timestamp(now))).ConfigureAwait(false);
            transaction.Commit();
            return null;
        }
    }

    /// <summary>Records the result of a started token.</summary>
    public async Task CompleteAsync(OperationResult result, CancellationToken cancellationToken)
    {
        SqliteConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await ExecuteAsync(
                connection,
                null,
                "UPDATE tool_calls SET completed_at = $completedAt, summary = $summary, output = $output WHERE token = $token AND completed_at IS NULL;",
                cancellationToken,
                ("$token", result.Token.Value),
                ("$completedAt", Timestamp(result.CompletedAt)),
                ("$summary", result.Summary),
                ("$output", result.Output.GetRawText())).ConfigureAwait(false);
        }
    }

    /// <summary>Removes the started mark of a token that has no result, so that it can be executed again.</summary>
    /// <returns><see langword="true"/> when a started mark was removed.</returns>
    public async Task<bool> ReleaseAsync(OperationToken token, CancellationToken cancellationToken)
    {
        SqliteConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using SqliteCommand command = Command(connection, null, "DELETE FROM tool_calls WHERE token = $token AND completed_at IS NULL;", ("$token", token.Value));
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
        }
    }

    /// <summary>Returns what the ledger holds for a token, or <see langword="null"/>.</summary>
    public async Task<LedgerEntry?> ReadAsync(OperationToken token, CancellationToken cancellationToken)
    {
        SqliteConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await ReadAsync(connection, null, token, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Turns a SQLite failure into the typed error callers see.</summary>
    public ConnectorException Translate(SqliteException exception) => _file.Translate(exception);

    private static async Task<LedgerEntry?> ReadAsync(SqliteConnection connection, SqliteTransaction? transaction, OperationToken token, CancellationToken cancellationToken)
    {
        using SqliteCommand command = Command(connection, transaction, "SELECT capability, arguments_sha256, completed_at, summary, output FROM tool_calls WHERE token = $token;", ("$token", token.Value));
        using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        string capability = reader.GetString(0);
        if (reader.IsDBNull(2))
        {
            return new LedgerEntry(capability, reader.GetString(1), null);
        }

        try
        {
            using JsonDocument output = JsonDocument.Parse(reader.GetString(4));
            var result = new OperationResult(
                token,
                capability,
                output.RootElement.Clone(),
                reader.GetString(3),
                DateTimeOffset.Parse(reader.GetString(2), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind));
            return new LedgerEntry(capability, reader.GetString(1), result);
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            throw new InvalidDataException($"The recorded result of token '{token}' in '{reader.GetString(0)}' is damaged.", ex);
        }
    }

    private Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken) => _file.OpenAsync(cancellationToken);

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        using SqliteCommand command = Command(connection, transaction, sql, parameters);
        _ = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        SqliteCommand command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach ((string name, object? value) in parameters)
        {
            _ = command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    private static string Timestamp(DateTimeOffset time) => time.ToString("O", CultureInfo.InvariantCulture);
}
