using Microsoft.Data.Sqlite;

namespace OperatorOs.Connectors.Billing.Internal;

/// <summary>The ledger's queries for totals.</summary>
internal static class Ledger
{
    private const string Totals = """
        SELECT i.currency, SUM(i.amount_minor), COALESCE(SUM(p.paid), 0), COALESCE(SUM(r.refunded), 0)
        FROM invoices i
        LEFT JOIN (SELECT invoice_number, SUM(amount_minor) AS paid FROM payments GROUP BY invoice_number) p ON p.invoice_number = i.invoice_number
        LEFT JOIN (SELECT invoice_number, SUM(amount_minor) AS refunded FROM refunds GROUP BY invoice_number) r ON r.invoice_number = i.invoice_number
        """;

    /// <summary>Returns the totals of one invoice, or <see langword="null"/> when there is no such invoice.</summary>
    public static async Task<InvoiceTotals?> ReadInvoiceTotalsAsync(SqliteConnection connection, SqliteTransaction? transaction, string invoiceNumber, CancellationToken cancellationToken)
    {
        IReadOnlyList<InvoiceTotals> totals = await ReadAsync(connection, transaction, $"{Totals} WHERE i.invoice_number = $key GROUP BY i.currency;", invoiceNumber, cancellationToken).ConfigureAwait(false);
        return totals.Count == 0 ? null : totals[0];
    }

    /// <summary>Returns a customer's totals per currency, ordered by currency code.</summary>
    public static Task<IReadOnlyList<InvoiceTotals>> ReadCustomerTotalsAsync(SqliteConnection connection, string customerId, CancellationToken cancellationToken) =>
        ReadAsync(connection, null, $"{Totals} WHERE i.customer_id = $key GROUP BY i.currency ORDER BY i.currency;", customerId, cancellationToken);

    /// <summary>Returns whether a customer exists.</summary>
    public static async Task<bool> CustomerExistsAsync(SqliteConnection connection, string customerId, CancellationToken cancellationToken)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM customers WHERE customer_id = $id;";
        _ = command.Parameters.AddWithValue("$id", customerId);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is > 0L;
    }

    private static async Task<IReadOnlyList<InvoiceTotals>> ReadAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, string key, CancellationToken cancellationToken)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        _ = command.Parameters.AddWithValue("$key", key);
        using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var totals = new List<InvoiceTotals>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            totals.Add(new InvoiceTotals(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3)));
        }

        return totals;
    }
}
