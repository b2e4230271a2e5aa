using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace OperatorOs.Shell.Tests.Commands;

public sealed class AuditCommandTests(HostDatabase host) : IDisposable
{
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task Tail_ShowsTheNewestEventsOldestFirst()
    {
        string db = host.CopyTo(_directory);

        CliResult status = await Cli.RunAsync("status", "--db", db, "--json");
        CliResult json = await Cli.RunAsync("audit", "tail", "-n", "5", "--db", db, "--json");
        CliResult text = await Cli.RunAsync("audit", "tail", "--db", db);

        long head = status.Json().GetProperty("journal").GetProperty("length").GetInt64();
        Assert.Equal(ExitCodes.Ok, json.ExitCode);
        Assert.Equal([head - 4, head - 3, head - 2, head - 1, head], json.Json().EnumerateArray().Select(e => e.GetProperty("sequence").GetInt64()));
        // The host's last act was a rejection: the decision, then the rejection kept as an example for the agent.
        Assert.Equal(["approval.rejected", "memory.written"], json.Json().EnumerateArray().Skip(3).Select(e => e.GetProperty("type").GetString()));
        Assert.Equal(64, json.Json()[4].GetProperty("hash").GetString()!.Length);
        string[] lines = text.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(20, lines.Length);
        Assert.StartsWith($"#{head}", lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tail_Stream_ShowsOnlyThatStream()
    {
        string db = host.CopyTo(_directory);
        JsonElement request = (await Cli.RunAsync("approvals", "show", host.Rejected, "--db", db, "--json")).Json();
        string stream = "correlation/" + request.GetProperty("proposal").GetProperty("id").GetString();

        CliResult result = await Cli.RunAsync("audit", "tail", "--stream", stream, "-n", "100", "--db", db, "--json");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        string[] types = result.Json().EnumerateArray().Select(e => e.GetProperty("type").GetString()!).ToArray();
        Assert.Equal([JournalEventTypes.ProposalCreated, JournalEventTypes.PolicyDecided, JournalEventTypes.ApprovalRequested, JournalEventTypes.ApprovalRejected, JournalEventTypes.MemoryWritten], types);
        Assert.All(result.Json().EnumerateArray(), e => Assert.Equal(stream, e.GetProperty("stream").GetString()));
    }

    [Fact]
    public async Task Tail_Follow_PrintsEventsAnotherProcessAppendsUntilCancelled()
    {
        // Arrange: the CLI follows while a host appends through its own journal instance on the same file.
        string db = host.CopyTo(_directory);
        using var output = new ConcurrentStringWriter();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        Task<int> follow = OposApp.RunAsync(["audit", "tail", "-n", "1", "--follow", "--json", "--db", db], output, TextWriter.Null, stop.Token);
        await HostDatabase.WaitUntilAsync(() => output.ToString().Contains("memory.written", StringComparison.Ordinal), TestContext.Current.CancellationToken);

        // Act
        await using (var journal = new SqliteJournal(new SqliteDatabase(new SqliteStorageOptions { Path = db })))
        {
            await journal.AppendAsync(new JournalEntry("host/test", "host.heartbeat", TestJson.Parse("""{"beat":1}""")), TestContext.Current.CancellationToken);
        }

        await HostDatabase.WaitUntilAsync(() => output.ToString().Contains("host.heartbeat", StringComparison.Ordinal), TestContext.Current.CancellationToken);
        await stop.CancelAsync();
        int exitCode = await follow.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        // Assert: JSON lines, one event each, and a follow ended by Ctrl+C is a success.
        Assert.Equal(ExitCodes.Ok, exitCode);
        string[] lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        using JsonDocument last = JsonDocument.Parse(lines[1]);
        Assert.Equal("host.heartbeat", last.RootElement.GetProperty("type").GetString());
        Assert.Equal(1, last.RootElement.GetProperty("payload").GetProperty("beat").GetInt32());
    }

    [Fact]
    public async Task Verify_IntactChain_ExitsZero()
    {
        string db = host.CopyTo(_directory);

        CliResult text = await Cli.RunAsync("audit", "verify", "--db", db);
        CliResult json = await Cli.RunAsync("audit", "verify", "--db", db, "--json");

        Assert.Equal(ExitCodes.Ok, text.ExitCode);
        Assert.StartsWith("Journal intact:", text.Out, StringComparison.Ordinal);
        Assert.True(json.Json().GetProperty("intact").GetBoolean());
        Assert.Equal(JsonValueKind.Null, json.Json().GetProperty("firstBrokenSequence").ValueKind);
    }

    [Fact]
    public async Task Verify_TamperedEvent_NamesTheFirstBrokenLinkAndExitsChainBroken()
    {
        string db = host.CopyTo(_directory);
        using (var connection = new SqliteConnection($"Data Source={db};Pooling=False"))
        {
            connection.Open();
            using SqliteCommand tamper = connection.CreateCommand();
            tamper.CommandText = "UPDATE journal SET type = 'approval.approved' WHERE sequence = 7";
            Assert.Equal(1, tamper.ExecuteNonQuery());
        }

        CliResult text = await Cli.RunAsync("audit", "verify", "--db", db);
        CliResult json = await Cli.RunAsync("audit", "verify", "--db", db, "--json");
        CliResult status = await Cli.RunAsync("status", "--db", db);

        Assert.Equal(ExitCodes.ChainBroken, text.ExitCode);
        Assert.Contains("broken at sequence 7", text.Out, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.ChainBroken, json.ExitCode);
        Assert.False(json.Json().GetProperty("intact").GetBoolean());
        Assert.Equal(7, json.Json().GetProperty("firstBrokenSequence").GetInt64());
        Assert.Equal(6, json.Json().GetProperty("eventsVerified").GetInt64());
        Assert.False(string.IsNullOrEmpty(json.Json().GetProperty("problem").GetString()));
        Assert.Equal(ExitCodes.ChainBroken, status.ExitCode);
        Assert.Contains("BROKEN at sequence 7", status.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tail_NegativeCount_IsAUsageError()
    {
        string db = host.CopyTo(_directory);

        CliResult result = await Cli.RunAsync("audit", "tail", "-n", "-3", "--db", db);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }
}
