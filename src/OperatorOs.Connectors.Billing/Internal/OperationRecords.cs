using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace OperatorOs.Connectors.Billing.Internal;

/// <summary>Reads and writes the <c>operations</c> table: the recorded result of every operation with an effect, keyed by token.</summary>
internal static class OperationRecords
{
    /// <summary>Returns the recorded result of a token, or <see langword="null"/>.</summary>
    /// <exception cref="InvalidDataException">The record is damaged.</exception>
    public static async Task<OperationResult?> TryReadAsync(SqliteConnection connection, SqliteTransaction? transaction, OperationToken token, CancellationToken cancellationToken)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT capability, summary, completed_at, output FROM operations WHERE token = $token;";
        _ = command.Parameters.AddWithValue("$token", token.Value);
        using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        try
        {
            using JsonDocument output = JsonDocument.Parse(reader.GetString(3));
            return new OperationResult(
                token,
                reader.GetString(0),
                output.RootElement.Clone(),
                reader.GetString(1),
                DateTimeOffset.Parse(reader.GetString(2), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind));
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            throw new InvalidDataException($"The recorded result of token '{token}' is damaged.", ex);
        }
    }

    /// <summary>Records a result inside the transaction that performs its effect.</summary>
    public static async Task WriteAsync(SqliteConnection connection, SqliteTransaction transaction, OperationResult result, CancellationToken cancellationToken)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO operations (token, capability, summary, completed_at, output) VALUES ($token, $capability, $summary, $completedAt, $output);";
        _ = command.Parameters.AddWithValue("$token", result.Token.Value);
        _ = command.Parameters.AddWithValue("$capability", result.Capability);
        _ = command.Parameters.AddWithValue("$summary", result.Summary);
        _ = command.Parameters.AddWithValue("$completedAt", Timestamp(result.CompletedAt));
        _ = command.Parameters.AddWithValue("$output", result.Output.GetRawText());
        _ = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Formats a time as round-trip ISO 8601 text.</summary>
    public static string Timestamp(DateTimeOffset time) => time.ToString("O", CultureInfo.InvariantCulture);
}
