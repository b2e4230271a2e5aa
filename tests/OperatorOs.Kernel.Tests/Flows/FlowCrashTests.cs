using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace OperatorOs.Kernel.Tests.Flows;

/// <summary>
/// SIGKILLs a host running many three-step invoicing flows on SQLite at random moments while it works, restarting it each time,
/// until at least 50 kills landed while the Billing connector was recording operations; then lets it finish. Every flow must
/// complete; the connector's own ledger must show each customer, invoice and payment exactly once, with the tokens the flows
/// derive; and the connector's call log must show that the runtime never presented a token again once its operation was known
/// to have completed, and asked the connector first whenever it presented a token a second time.
/// </summary>
/// <remarks>
/// The host says "ready" when it begins resuming and starting flows, and "working" when it first asks the connector to execute
/// (after its start-up and the status checks of recovery). Most runs are killed at a random moment in [0, window) ms after
/// "working": while recovery completes the steps the last kill interrupted, between steps, or inside a connector call. The window
/// adapts so the operations left spread over the kills still needed, whatever the machine's speed. Every few runs, one is killed
/// between "ready" and "working" instead: during start-up and the status checks of recovery.
/// </remarks>
public sealed class FlowCrashTests : IDisposable
{
    private const int Flows = 400;
    private const int Operations = 3 * Flows;

    // Kills that must land while work is under way: the connector's ledger grew between the host's start and the kill.
    private const int Kills = 50;

    // A bound on restarts, in case kills keep missing the work.
    private const int MaxRuns = 3 * Kills;

    // Operations kept for the last run, as if this many more kills were needed: a margin for runs that get through more work than
    // their share before the window narrows (the faster the host, the more).
    private const int SpareKills = 20;

    // Every this many runs, one is killed during start-up.
    private const int StartupKillEvery = 8;

    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task Sigkill_WhileFlowsRun_EveryFlowCompletesAndNoStepRunsTwice()
    {
        // Arrange
        string operatorDb = _directory.Combine("operator.db");
        string billingDb = _directory.Combine("billing.db");
        string callLog = _directory.Combine("billing-calls.log");
        int seed = Environment.TickCount;
        var random = new Random(seed);
        CancellationToken ct = TestContext.Current.CancellationToken;
        var kills = new List<KillPoint>();
        double window = 100;
        int startupGap = 100;

        // Act
        while (kills.Count(k => k.Landed) < Kills && kills.Count < MaxRuns)
        {
            long before = RecordedOperations(billingDb);
            using var run = FlowCrashHostRun.Start(operatorDb, billingDb, Flows, callLog, ct);
            if (!await run.Ready)
            {
                (_, int exitCode, string errors) = await run.CompletionAsync(ct);
                Assert.Fail($"seed {seed}: run {kills.Count + 1} exited before it was ready ({exitCode}): {errors}");
            }

            var sinceReady = Stopwatch.StartNew();
            bool startup = kills.Count % StartupKillEvery == StartupKillEvery - 1;
            if (!startup && !await run.Working)
            {
                Assert.Fail($"seed {seed}: run {kills.Count + 1} ended without calling the connector; {string.Join("; ", kills)}");
            }

            startupGap = startup ? startupGap : (int)sinceReady.ElapsedMilliseconds;
            int delay = random.Next(0, startup ? Math.Max(startupGap, 1) : (int)window);
            if (await run.ExitsWithinAsync(TimeSpan.FromMilliseconds(delay), ct))
            {
                Assert.Fail($"seed {seed}: the work was done after {kills.Count} kills, {kills.Count(k => k.Landed)} of them while it was under way; {string.Join("; ", kills)}");
            }

            await run.KillAsync(ct);
            long grew = RecordedOperations(billingDb) - before;
            kills.Add(new KillPoint(run.Id, startup ? "ready" : "working", delay, grew));
            if (!startup)
            {
                // Aim each kill at an equal share of the operations left: widen the window after a kill that found no operation
                // recorded yet, narrow it after one that let more than the share through.
                double share = (double)(Operations - before - grew) / (Kills - kills.Count(k => k.Landed) + SpareKills);
                window *= grew == 0 ? 1.25 : Math.Clamp(Math.Sqrt(share / grew), 0.5, 1.25);
                window = Math.Clamp(window, 10, 5000);
            }
        }

        using (var last = FlowCrashHostRun.Start(operatorDb, billingDb, Flows, callLog, ct))
        {
            (bool allDone, int exitCode, string errors) = await last.CompletionAsync(ct);
            Assert.True(allDone && exitCode == 0, $"seed {seed}: the last run failed ({exitCode}): {errors}");
        }

        // Assert: enough kills landed while the connector was recording operations.
        ConnectorCallLog calls = ConnectorCallLog.Read(callLog);
        int midCall = kills.Count(k => calls.Interrupted(k.Pid).Any());
        string summary = $"seed {seed}: {kills.Count} kills, {kills.Count(k => k.Landed)} while operations were recorded, {midCall} inside a connector call; {calls.PresentedAgain()} tokens presented again, {calls.SettledByStatus()} status answers found an operation completed; {string.Join("; ", kills)}";
        Assert.True(kills.Count(k => k.Landed) >= Kills, summary);
        TestContext.Current.TestOutputHelper?.WriteLine(summary);

        // The runtime repeated no completed work, even where the connector would have deduped it; and the kills exercised both
        // ways a resumed step goes on: settled from the connector's answer, and presented again after the connector knew nothing.
        Assert.True(calls.PresentedAgain() > 0 && calls.SettledByStatus() > 0, summary);
        IReadOnlyList<string> repeated = calls.RepeatedWork();
        Assert.True(repeated.Count == 0, $"seed {seed}: the runtime repeated work:{Environment.NewLine}{string.Join(Environment.NewLine, repeated)}");

        // The connector's own records show every effect once.
        using var ledger = new SqliteConnection($"Data Source={billingDb};Mode=ReadOnly;Pooling=False");
        ledger.Open();
        Assert.Equal(Flows, Scalar(ledger, "SELECT COUNT(*) FROM customers"));
        Assert.Equal(Flows, Scalar(ledger, "SELECT COUNT(*) FROM invoices"));
        Assert.Equal(Flows, Scalar(ledger, "SELECT COUNT(*) FROM payments"));
        Assert.Equal(Operations, Scalar(ledger, "SELECT COUNT(*) FROM operations"));
        Assert.Equal(Flows, Scalar(ledger, "SELECT MAX(sequence) FROM invoices"));
        for (int i = 0; i < Flows; i++)
        {
            Assert.Equal(1, Scalar(ledger, $"SELECT COUNT(*) FROM customers WHERE customer_id = 'c{i}' AND token = 'flow:f{i}:1.customer'"));
            Assert.Equal(1, Scalar(ledger, $"SELECT COUNT(*) FROM invoices WHERE customer_id = 'c{i}' AND token = 'flow:f{i}:1.invoice' AND amount_minor = {(10 + i) * 100}"));
            Assert.Equal(1, Scalar(ledger, $"SELECT COUNT(*) FROM payments p JOIN invoices v ON v.invoice_number = p.invoice_number WHERE v.customer_id = 'c{i}' AND p.token = 'flow:f{i}:2.payment' AND p.amount_minor = {(10 + i) * 100}"));
            Assert.Equal(3, Scalar(ledger, $"SELECT COUNT(*) FROM operations WHERE token IN ('flow:f{i}:1.customer', 'flow:f{i}:1.invoice', 'flow:f{i}:2.payment')"));
        }

        var journal = new SqliteJournal(new SqliteDatabase(new SqliteStorageOptions { Path = operatorDb }));
        await using (journal)
        {
            JournalVerification verification = await journal.VerifyAsync(ct);
            Assert.True(verification.IsIntact, verification.Problem);
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    // The operations the Billing connector's ledger records; 0 before it exists (the first run may be killed before it creates it).
    // Read-only, so closing it never checkpoints the write-ahead log a kill left: the next run finds the file as the kill left it.
    private static long RecordedOperations(string billingDb)
    {
        if (!File.Exists(billingDb))
        {
            return 0;
        }

        using var ledger = new SqliteConnection($"Data Source={billingDb};Mode=ReadOnly;Pooling=False");
        ledger.Open();
        try
        {
            return Scalar(ledger, "SELECT COUNT(*) FROM operations");
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == 1)
        {
            return 0; // no such table: killed before the schema was created.
        }
    }

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    private sealed record KillPoint(int Pid, string After, int DelayMs, long OperationsRecorded)
    {
        public bool Landed => OperationsRecorded > 0;

        public override string ToString() => $"pid {Pid} {After}+{DelayMs} ms: {OperationsRecorded} ops";
    }
}
