using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using OperatorOs.Shared;

namespace OperatorOs.Connectors.Email.Internal;

/// <summary>The connector's SQLite file: every send and draft per operation token, and how far each inbox folder was received.</summary>
/// <remarks>
/// Thread-safe. Each call opens its own pooled connection (WAL, <c>synchronous = FULL</c>); every write is one statement or one
/// <c>BEGIN IMMEDIATE</c> transaction, so instances and processes sharing the file see each other's records at once.
/// </remarks>
internal sealed class EmailLedger
{
    private readonly ConnectorLedgerFile _file;
    private readonly string _connector;

    /// <summary>Initializes a new instance of the <see cref="EmailLedger"/> class, creating or upgrading the file.</summary>
    /// <exception cref="ConnectorException">The file cannot be created, is damaged or has a newer schema.</exception>
    public EmailLedger(string path, string connector)
    {
        _connector = connector;
        _file = new ConnectorLedgerFile(path, connector, "e-mail ledger", LedgerSchema.Migrations);
    }

    /// <summary>Gets the full path of the ledger file.</summary>
    public string Path => _file.Path;

    /// <summary>Returns the recorded operation of a token, or <see langword="null"/>.</summary>
    public Task<LedgerEntry?> TryGetAsync(OperationToken token, CancellationToken cancellationToken) =>
        RunAsync(async connection =>
        {
            using SqliteCommand command = Command(
                connection,
                "SELECT capability, message_id, state, started_at, prepared, summary, completed_at, output FROM operations WHERE token = $token;",
                ("$token", token.Value));
            using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadEntry(token, reader) : null;
        });

    /// <summary>Records that an attempt begins a token's effect; returns <see langword="false"/> when the token is already recorded.</summary>
    public Task<bool> TryBeginAsync(OperationToken token, string capability, string messageId, JsonElement prepared, DateTimeOffset startedAt, CancellationToken cancellationToken) =>
        RunAsync(async connection =>
        {
            using SqliteCommand command = Command(
                connection,
                """
                INSERT INTO operations (token, capability, message_id, state, started_at, prepared) VALUES ($token, $capability, $messageId, 'pending', $startedAt, $prepared)
                ON CONFLICT (token) DO NOTHING;
                """,
                ("$token", token.Value),
                ("$capability", capability),
                ("$messageId", messageId),
                ("$startedAt", Timestamp(startedAt)),
                ("$prepared", prepared.GetRawText()));
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        });

    /// <summary>Records a token's result; returns the result recorded first when another attempt completed the token before.</summary>
    public Task<OperationResult> CompleteAsync(OperationResult result, CancellationToken cancellationToken) =>
        RunAsync(async connection =>
        {
            using (SqliteCommand update = Command(
                connection,
                "UPDATE operations SET state = 'completed', summary = $summary, completed_at = $completedAt, output = $output WHERE token = $token AND state <> 'completed';",
                ("$token", result.Token.Value),
                ("$summary", result.Summary),
                ("$completedAt", Timestamp(result.CompletedAt)),
                ("$output", result.Output.GetRawText())))
            {
                if (await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1)
                {
                    return result;
                }
            }

            using SqliteCommand select = Command(
                connection,
                "SELECT capability, message_id, state, started_at, prepared, summary, completed_at, output FROM operations WHERE token = $token;",
                ("$token", result.Token.Value));
            using SqliteDataReader reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) && ReadEntry(result.Token, reader).Result is { } recorded
                ? recorded
                : throw new InvalidDataException($"The ledger lost the record of token '{result.Token}'.");
        });

    /// <summary>Marks a pending token in doubt: its attempt ended without knowing whether the effect happened.</summary>
    public Task MarkInDoubtAsync(OperationToken token, CancellationToken cancellationToken) =>
        RunAsync(async connection =>
        {
            using SqliteCommand command = Command(connection, "UPDATE operations SET state = 'in_doubt' WHERE token = $token AND state = 'pending';", ("$token", token.Value));
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        });

    /// <summary>Forgets a token whose effect certainly did not happen, so a later attempt may perform it.</summary>
    public Task<bool> AbandonAsync(OperationToken token, CancellationToken cancellationToken) =>
        RunAsync(async connection =>
        {
            using SqliteCommand command = Command(connection, "DELETE FROM operations WHERE token = $token AND state <> 'completed';", ("$token", token.Value));
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        });

    /// <summary>Returns how far a mailbox folder was received, or <see langword="null"/> when it never was.</summary>
    public Task<InboxCursor?> GetCursorAsync(string mailbox, string folder, CancellationToken cancellationToken) =>
        RunAsync(async connection =>
        {
            using SqliteCommand command = Command(
                connection,
                "SELECT uid_validity, last_uid FROM inbox_cursors WHERE mailbox = $mailbox AND folder = $folder;",
                ("$mailbox", mailbox),
                ("$folder", folder));
            using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
                ? new InboxCursor(checked((uint)reader.GetInt64(0)), checked((uint)reader.GetInt64(1)))
                : null;
        });

    /// <summary>Returns whether a message was received before, under any UID.</summary>
    public Task<bool> WasReceivedAsync(string mailbox, string messageId, CancellationToken cancellationToken) =>
        RunAsync(async connection =>
        {
            using SqliteCommand command = Command(
                connection,
                "SELECT COUNT(*) FROM inbox_messages WHERE mailbox = $mailbox AND message_id = $messageId;",
                ("$mailbox", mailbox),
                ("$messageId", messageId));
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long n && n > 0;
        });

    /// <summary>Records a received message and moves the folder's cursor to its UID, in one transaction.</summary>
    /// <remarks>A new UIDVALIDITY replaces the cursor; under the same UIDVALIDITY the cursor only moves forward.</remarks>
    public Task RecordReceivedAsync(string mailbox, string folder, uint uidValidity, uint uid, string messageId, DateTimeOffset receivedAt, CancellationToken cancellationToken) =>
        RunAsync(async connection =>
        {
            using SqliteTransaction transaction = connection.BeginTransaction(deferred: false);
            using (SqliteCommand message = Command(
                connection,
                """
                INSERT INTO inbox_messages (mailbox, message_id, folder, uid_validity, uid, received_at) VALUES ($mailbox, $messageId, $folder, $validity, $uid, $receivedAt)
                ON CONFLICT (mailbox, message_id) DO NOTHING;
                """,
                ("$mailbox", mailbox),
                ("$messageId", messageId),
                ("$folder", folder),
                ("$validity", (long)uidValidity),
                ("$uid", (long)uid),
                ("$receivedAt", Timestamp(receivedAt))))
            {
                message.Transaction = transaction;
                _ = await message.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            using (SqliteCommand cursor = Command(
                connection,
                """
                INSERT INTO inbox_cursors (mailbox, folder, uid_validity, last_uid) VALUES ($mailbox, $folder, $validity, $uid)
                ON CONFLICT (mailbox, folder) DO UPDATE SET
                    last_uid = CASE WHEN uid_validity = excluded.uid_validity THEN max(last_uid, excluded.last_uid) ELSE excluded.last_uid END,
                    uid_validity = excluded.uid_validity;
                """,
                ("$mailbox", mailbox),
                ("$folder", folder),
                ("$validity", (long)uidValidity),
                ("$uid", (long)uid)))
            {
                cursor.Transaction = transaction;
                _ = await cursor.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            transaction.Commit();
            return 0;
        });

    /// <summary>Formats a time as round-trip ISO 8601 text.</summary>
    public static string Timestamp(DateTimeOffset time) => time.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTimestamp(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    private static LedgerEntry ReadEntry(OperationToken token, SqliteDataReader reader)
    {
        try
        {
            string capability = reader.GetString(0);
            LedgerState state = reader.GetString(2) switch
            {
                "pending" => LedgerState.Pending,
                "in_doubt" => LedgerState.InDoubt,
                "completed" => LedgerState.Completed,
                string other => throw new FormatException($"unknown state '{other}'"),
            };
            using JsonDocument prepared = JsonDocument.Parse(reader.GetString(4));
            OperationResult? result = null;
            if (state == LedgerState.Completed)
            {
                using JsonDocument output = JsonDocument.Parse(reader.GetString(7));
                result = new OperationResult(token, capability, output.RootElement.Clone(), reader.GetString(5), ParseTimestamp(reader.GetString(6)));
            }

            return new LedgerEntry(token, capability, reader.GetString(1), state, ParseTimestamp(reader.GetString(3)), prepared.RootElement.Clone(), result);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidCastException)
        {
            throw new InvalidDataException($"The ledger's record of token '{token}' is damaged.", ex);
        }
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        foreach ((string name, object? value) in parameters)
        {
            _ = command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    private async Task<T> RunAsync<T>(Func<SqliteConnection, Task<T>> work)
    {
        try
        {
            SqliteConnection connection = await _file.OpenAsync(CancellationToken.None).ConfigureAwait(false);
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
            throw new ConnectorException(_connector, $"the ledger '{Path}': {ex.Message}", isTransient: false, ex);
        }
    }
}
