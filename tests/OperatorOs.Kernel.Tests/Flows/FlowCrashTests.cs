using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace OperatorOs.Kernel.Tests.Flows;

/// <summary>
/// SIGKILLs a host running many three-step invoicing flows on SQLite, at random moments, at least 50 times, restarting it each
/// time; then lets it finish. Every flow must complete, and the Billing connector's own ledger must show each customer, invoice
/// and payment exactly once, with the tokens the flows derive.
/// </summary>
public sealed class FlowCrashTests : IDisposable
{
    private const int Flows = 200;
    private const int Kills = 50;
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task Sigkill_AtRandomMoments_EveryFlowCompletesAndEveryEffectHappensExactlyOnce()
    {
        // Arrange
        string operatorDb = _directory.Combine("operator.db");
        string billingDb = _directory.Combine("billing.db");
        int seed = Environment.TickCount;
        var random = new Random(seed);
        int kills = 0;
        var log = new List<string>();

        // Act: kill after a few completed flows, or after a random time (during start-up, recovery or mid-step).
        while (kills < Kills)
        {
            using Process host = StartHost(operatorDb, billingDb);
            bool byTime = kills % 2 == 1;
            int afterLines = random.Next(1, 5);
            TimeSpan afterTime = TimeSpan.FromMilliseconds(random.Next(0, 300));
            bool finished = byTime
                ? await ExitsWithinAsync(host, afterTime)
                : await ReadUntilAsync(host, afterLines);
            if (finished)
            {
                break;
            }

            host.Kill(entireProcessTree: true);
            await host.WaitForExitAsync(TestContext.Current.CancellationToken);
            kills++;
            log.Add(byTime ? $"kill {kills} after {afterTime.TotalMilliseconds} ms" : $"kill {kills} after {afterLines} flows");
        }

        using (Process last = StartHost(operatorDb, billingDb))
        {
            string output = await last.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            await last.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.True(last.ExitCode == 0 && output.Contains("all-done", StringComparison.Ordinal), $"seed {seed}: the last run failed ({last.ExitCode}): {await last.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken)}");
        }

        // Assert: enough kill points, and the connector's own records show every effect once.
        Assert.True(kills >= Kills, $"seed {seed}: only {kills} kills before the work was done; {string.Join("; ", log)}");
        using var ledger = new SqliteConnection($"Data Source={billingDb};Mode=ReadOnly;Pooling=False");
        ledger.Open();
        Assert.Equal(Flows, Scalar(ledger, "SELECT COUNT(*) FROM customers"));
        Assert.Equal(Flows, Scalar(ledger, "SELECT COUNT(*) FROM invoices"));
        Assert.Equal(Flows, Scalar(ledger, "SELECT COUNT(*) FROM payments"));
        Assert.Equal(3 * Flows, Scalar(ledger, "SELECT COUNT(*) FROM operations"));
        Assert.Equal(Flows, Scalar(ledger, "SELECT MAX(sequence) FROM invoices"));
        for (int i = 0; i < Flows; i++)
        {
            Assert.Equal(1, Scalar(ledger, $"SELECT COUNT(*) FROM invoices WHERE customer_id = 'c{i}' AND token = 'flow:f{i}:1.invoice' AND amount_minor = {(10 + i) * 100}"));
            Assert.Equal(1, Scalar(ledger, $"SELECT COUNT(*) FROM payments p JOIN invoices v ON v.invoice_number = p.invoice_number WHERE v.customer_id = 'c{i}' AND p.token = 'flow:f{i}:2.payment' AND p.amount_minor = {(10 + i) * 100}"));
        }

        var journal = new SqliteJournal(new SqliteDatabase(new SqliteStorageOptions { Path = operatorDb }));
        await using (journal)
        {
            JournalVerification verification = await journal.VerifyAsync(TestContext.Current.CancellationToken);
            Assert.True(verification.IsIntact, verification.Problem);
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    private static Process StartHost(string operatorDb, string billingDb)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "FlowCrashHost.dll"));
        start.ArgumentList.Add(operatorDb);
        start.ArgumentList.Add(billingDb);
        start.ArgumentList.Add(Flows.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return Process.Start(start)!;
    }

    // True when the host finished all the work before the kill point.
    private static async Task<bool> ReadUntilAsync(Process host, int lines)
    {
        for (int read = 0; read < lines;)
        {
            string? line = await host.StandardOutput.ReadLineAsync(TestContext.Current.CancellationToken);
            if (line is null || line == "all-done")
            {
                return true;
            }

            read += line.StartsWith("ok ", StringComparison.Ordinal) ? 1 : 0;
        }

        return false;
    }

    private static async Task<bool> ExitsWithinAsync(Process host, TimeSpan delay)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(delay);
        try
        {
            await host.WaitForExitAsync(timeout.Token);
            return true;
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }
}
