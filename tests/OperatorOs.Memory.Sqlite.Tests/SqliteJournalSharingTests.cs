namespace OperatorOs.Memory.Sqlite.Tests;

/// <summary>Two journals on one file, as a host and the operator CLI have: both append, and a tail sees the other's events.</summary>
public sealed class SqliteJournalSharingTests : IDisposable
{
    private readonly TempDatabases _files = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AppendAsync_FromTwoJournalsOnOneFile_InterleavesWithoutGapsAndTheChainVerifies()
    {
        // Arrange: each journal caches nothing between batches, so alternating appends must each see the other's head.
        string path = _files.NewPath();
        await using var host = new SqliteJournal(_files.Open(path));
        await using var cli = new SqliteJournal(_files.Open(path));

        // Act
        var sequences = new List<long>();
        for (int i = 0; i < 10; i++)
        {
            SqliteJournal journal = i % 2 == 0 ? host : cli;
            sequences.Add((await journal.AppendAsync(new JournalEntry("s", "test.appended", TestJson.Parse($$"""{"i":{{i}}}""")), Ct)).Sequence);
        }

        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => (i % 2 == 0 ? host : cli).AppendAsync(new JournalEntry("s", "test.concurrent", default), Ct)));

        // Assert
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), sequences);
        JournalVerification verification = await host.VerifyAsync(Ct);
        Assert.True(verification.IsIntact, verification.Problem);
        Assert.Equal(50, verification.EventsVerified);
    }

    [Fact]
    public async Task TailAsync_SeesAnotherJournalsAppendsWithinThePollInterval()
    {
        // Arrange
        string path = _files.NewPath();
        await using var writer = new SqliteJournal(_files.Open(path));
        await writer.AppendAsync(new JournalEntry("s", "test.before", default), Ct);
        await using var reader = new SqliteJournal(new SqliteDatabase(new SqliteStorageOptions { Path = path, JournalPollInterval = TimeSpan.FromMilliseconds(20) }));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        stop.CancelAfter(TimeSpan.FromSeconds(30));

        // Act: the reader's tail is waiting when the other journal appends.
        var seen = new List<string>();
        await foreach (JournalEvent e in reader.TailAsync(1, stop.Token))
        {
            seen.Add(e.Type);
            if (seen.Count == 1)
            {
                _ = Task.Run(() => writer.AppendAsync(new JournalEntry("s", "test.after", default), Ct), Ct);
            }
            else
            {
                break;
            }
        }

        // Assert
        Assert.Equal(["test.before", "test.after"], seen);
    }

    public void Dispose() => _files.Dispose();
}
