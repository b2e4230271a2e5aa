using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace OperatorOs.Connectors.Billing.Internal;

/// <summary>One operation with an effect in progress: its open transaction, request, checked arguments and time.</summary>
internal sealed record Effect(SqliteConnection Connection, SqliteTransaction Transaction, OperationRequest Request, BillingArguments Arguments, DateTimeOffset Now)
{
    /// <summary>Runs a statement in the transaction.</summary>
    public async Task ExecuteAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        using SqliteCommand command = Command(sql, parameters);
        _ = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs a query in the transaction and returns its first value.</summary>
    public async Task<object?> ScalarAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        using SqliteCommand command = Command(sql, parameters);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Builds the operation's result.</summary>
    public OperationResult Result(JsonElement output, string summary) => new(Request.Token, Request.Capability, output, summary, Now);

    private SqliteCommand Command(string sql, (string Name, object? Value)[] parameters)
    {
        SqliteCommand command = Connection.CreateCommand();
        command.Transaction = Transaction;
        command.CommandText = sql;
        foreach ((string name, object? value) in parameters)
        {
            _ = command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }
}
