using Microsoft.Data.Sqlite;

namespace TeachingAssistant.Reporting;

/// <summary>What the Billing connector's ledger holds, read straight from its SQLite file (read-only): the ground truth the journal's story is checked against.</summary>
internal sealed record LedgerSnapshot(long Customers, long Invoices, long Payments, long Refunds, decimal Paid, decimal Refunded, long Operations)
{
    public static LedgerSnapshot Empty { get; } = new(0, 0, 0, 0, 0, 0, 0);

    public static LedgerSnapshot Read(string path)
    {
        if (!File.Exists(path))
        {
            return Empty;
        }

        var builder = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        using var connection = new SqliteConnection(builder.ToString());
        connection.Open();
        return new LedgerSnapshot(
            Count(connection, "SELECT count(*) FROM customers"),
            Count(connection, "SELECT count(*) FROM invoices"),
            Count(connection, "SELECT count(*) FROM payments"),
            Count(connection, "SELECT count(*) FROM refunds"),
            Count(connection, "SELECT coalesce(sum(amount_minor), 0) FROM payments") / 100m,
            Count(connection, "SELECT coalesce(sum(amount_minor), 0) FROM refunds") / 100m,
            Count(connection, "SELECT count(*) FROM operations"));
    }

    private static long Count(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
