using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using OperatorOs.Shared;

namespace OperatorOs.Connectors.Calendar.Internal;

/// <summary>The connector's durable record of operations with an effect, one SQLite file: per token the capability, the event's
/// UID, and once the effect is confirmed, the result.</summary>
/// <remarks>
/// <para>The server alone cannot answer every status question: a deleted event leaves nothing behind, and an update's token does
/// not tell which event it targeted. So update and delete write a <c>pending</c> row (token, capability, UID) before their request
/// and complete it with the result after; a status query for a pending token asks the server about that UID. Creates need no pending
/// row, because their UID derives from the token.</para>
/// <para>Thread-safe; every call opens its own pooled connection. Completion is first-writer-wins, so two processes completing one
/// token return the same recorded result.</para>
/// </remarks>
internal sealed class OperationLedger
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS operations (
            token TEXT PRIMARY KEY NOT NULL,
            capability TEXT NOT NULL,
            uid TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('pending', 'completed')),
            summary TEXT,
            completed_at TEXT,
            output TEXT
        );
        """;

    private readonly ConnectorLedgerFile _file;
    private readonly string _connector;

    /// <summary>Initializes a new instance of the <see cref="OperationLedger"/> class, creating or upgrading the file.</summary>
    /// <exception cref="ConnectorException">The file cannot be created or opened, is damaged, or has a newer schema.</exception>
    public OperationLedger(string path, string connector)
    {
        _connector = connector;
        _file = new ConnectorLedgerFile(path, connector, "calendar ledger", [Schema]);
    }

    /// <summary>Gets the full path of the ledger file.</summary>
    public string Path => _file.Path;

    /// <summary>Returns what the ledger knows about a token, or <see langword="null"/>.</summary>
    public Task<LedgerEntry?> TryGetAsync(OperationToken token, CancellationToken cancellationToken) =>
        RunAsync(async connection => await ReadAsync(connection, null, token, cancellationToken).ConfigureAwait(false), cancellationToken);

    /// <summary>Records that an operation on an event is about to be attempted; does nothing when the token is already known.</summary>
    public Task AddPendingAsync(OperationToken token, string capability, string uid, CancellationToken cancellationToken) =>
        RunAsync(
            async connection =>
            {
                using SqliteCommand command = connection.CreateCommand();
                command.CommandText = "INSERT INTO operations (token, capability, uid, state) VALUES ($token, $capability, $uid, 'pending') ON CONFLICT (token) DO NOTHING;";
                _ = command.Parameters.AddWithValue("$token", token.Value);
                _ = command.Parameters.AddWithValue("$capability", capability);
                _ = command.Parameters.AddWithValue("$uid", uid);
                _ = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                return true;
            },
            cancellationToken);

    /// <summary>Records a result unless one is recorded already, and returns the recorded one.</summary>
    public Task<OperationResult> CompleteAsync(OperationResult result, string uid, CancellationToken cancellationToken) =>
        RunAsync(
            async connection =>
            {
                using SqliteTransaction transaction = connection.BeginTransaction(deferred: false);
                using (SqliteCommand command = connection.CreateCommand())
                {
                    command.Transaction = transaction;
                    command.CommandText = """
                        INSERT INTO operations (token, capability, uid, state, summary, completed_at, output)
                        VALUES ($token, $capability, $uid, 'completed', $summary, $completedAt, $output)
                        ON CONFLICT (token) DO UPDATE SET state = 'completed', summary = excluded.summary, completed_at = excluded.completed_at, output = excluded.output
                        WHERE operations.state = 'pending';
                        """;
                    _ = command.Parameters.AddWithValue("$token", result.Token.Value);
                    _ = command.Parameters.AddWithValue("$capability", result.Capability);
                    _ = command.Parameters.AddWithValue("$uid", uid);
                    _ = command.Parameters.AddWithValue("$summary", result.Summary);
                    _ = command.Parameters.AddWithValue("$completedAt", result.CompletedAt.ToString("O", CultureInfo.InvariantCulture));
                    _ = command.Parameters.AddWithValue("$output", result.Output.GetRawText());
                    _ = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                LedgerEntry? stored = await ReadAsync(connection, transaction, result.Token, cancellationToken).ConfigureAwait(false);
                transaction.Commit();
                return stored?.Result ?? result;
            },
            cancellationToken);

    private async Task<LedgerEntry?> ReadAsync(SqliteConnection connection, SqliteTransaction? transaction, OperationToken token, CancellationToken cancellationToken)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT capability, uid, state, summary, completed_at, output FROM operations WHERE token = $token;";
        _ = command.Parameters.AddWithValue("$token", token.Value);
        using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        string capability = reader.GetString(0);
        string uid = reader.GetString(1);
        if (reader.GetString(2) != "completed")
        {
            return new LedgerEntry(capability, uid, null);
        }

        try
        {
            using JsonDocument output = JsonDocument.Parse(reader.GetString(5));
            var result = new OperationResult(
                token,
                capability,
                output.RootElement.Clone(),
                reader.GetString(3),
                DateTimeOffset.Parse(reader.GetString(4), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind));
            return new LedgerEntry(capability, uid, result);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidCastException)
        {
            throw new InvalidDataException($"The recorded result of token '{token}' in the ledger '{Path}' is damaged.", ex);
        }
    }

    private async Task<T> RunAsync<T>(Func<SqliteConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            SqliteConnection connection = await _file.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                return await work(connection).ConfigureAwait(false);
            }
        }
        catch (SqliteException ex)
        {
            throw _file.Translate(ex);
        }
        catch (InvalidDataException ex)
        {
            throw new ConnectorException(_connector, ex.Message, isTransient: false, ex);
        }
    }
}
