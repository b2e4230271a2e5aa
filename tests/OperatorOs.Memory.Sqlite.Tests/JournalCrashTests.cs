using System.Diagnostics;
using System.Globalization;

namespace OperatorOs.Memory.Sqlite.Tests;

/// <summary>Kills a process appending to the journal at random moments; every append it acknowledged must survive, and the chain must verify.</summary>
public sealed class JournalCrashTests : IDisposable
{
    private readonly TempDatabases _files = new();

    [Theory]
    [InlineData(1, 40)]
    [InlineData(2, 250)]
    [InlineData(3, 900)]
    public async Task Sigkill_AtARandomMoment_LosesNoAcknowledgedAppend(int seed, int maxAcks)
    {
        // Arrange
        string path = _files.NewPath();
        int killAfter = new Random(seed).Next(maxAcks / 2, maxAcks);
        var acknowledged = new List<(long Sequence, int Writer, int N)>();
        string host = Path.Combine(AppContext.BaseDirectory, "JournalCrashHost.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(host);
        start.ArgumentList.Add(path);
        start.ArgumentList.Add("6");

        // Act: read acknowledgements until the chosen moment, then SIGKILL.
        using (Process process = Process.Start(start)!)
        {
            while (acknowledged.Count < killAfter && await process.StandardOutput.ReadLineAsync(TestContext.Current.CancellationToken) is { } line)
            {
                string[] parts = line.Split(' ');
                acknowledged.Add((long.Parse(parts[1], CultureInfo.InvariantCulture), int.Parse(parts[2], CultureInfo.InvariantCulture), int.Parse(parts[3], CultureInfo.InvariantCulture)));
            }

            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.True(acknowledged.Count == killAfter, $"the host stopped early: {await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken)}");
        }

        // Assert: after restart, every acknowledged append is there with its payload, and the chain verifies.
        var journal = new SqliteJournal(_files.Open(path));
        await using (journal)
        {
            var stored = new Dictionary<long, JournalEvent>();
            await foreach (JournalEvent e in journal.ReadAsync(1, TestContext.Current.CancellationToken))
            {
                stored.Add(e.Sequence, e);
            }

            foreach ((long sequence, int writer, int n) in acknowledged)
            {
                Assert.True(stored.TryGetValue(sequence, out JournalEvent? e), $"acknowledged append {sequence} is missing");
                Assert.Equal(writer, e.Payload.GetProperty("writer").GetInt32());
                Assert.Equal(n, e.Payload.GetProperty("n").GetInt32());
            }

            JournalVerification verification = await journal.VerifyAsync(TestContext.Current.CancellationToken);
            Assert.True(verification.IsIntact, verification.Problem);
            Assert.True(verification.EventsVerified >= acknowledged.Count);

            // The journal keeps working after the crash.
            JournalEvent next = await journal.AppendAsync(new JournalEntry("after", "crash.recovered", default), TestContext.Current.CancellationToken);
            Assert.Equal(verification.EventsVerified + 1, next.Sequence);
        }
    }

    public void Dispose() => _files.Dispose();
}
