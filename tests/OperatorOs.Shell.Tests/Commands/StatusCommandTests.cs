using System.Text.Json;

namespace OperatorOs.Shell.Tests.Commands;

public sealed class StatusCommandTests(HostDatabase host) : IDisposable
{
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task Status_Text_ShowsPathSchemaJournalApprovalsAndMemory()
    {
        string db = host.CopyTo(_directory);

        CliResult result = await Cli.RunAsync("status", "--db", db);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains(db, result.Out, StringComparison.Ordinal);
        Assert.Contains("Schema version", result.Out, StringComparison.Ordinal);
        Assert.Contains("intact over the last", result.Out, StringComparison.Ordinal);
        Assert.Contains("Pending approvals", result.Out, StringComparison.Ordinal);
        Assert.Contains("Memory: Fact", result.Out, StringComparison.Ordinal);
        Assert.Empty(result.Error);
    }

    [Fact]
    public async Task Status_Json_CountsWhatTheHostWrote()
    {
        string db = host.CopyTo(_directory);

        CliResult result = await Cli.RunAsync("status", "--db", db, "--json");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        JsonElement status = result.Json();
        Assert.Equal(db, status.GetProperty("database").GetString());
        Assert.Equal(new SqliteDatabase(new SqliteStorageOptions { Path = db }).SchemaVersion, status.GetProperty("schemaVersion").GetInt32());
        JsonElement journal = status.GetProperty("journal");
        long length = journal.GetProperty("length").GetInt64();
        Assert.True(length > 20, $"journal length {length}");
        Assert.Equal(length, journal.GetProperty("head").GetProperty("sequence").GetInt64());
        Assert.True(journal.GetProperty("chain").GetProperty("intact").GetBoolean());
        Assert.Equal(3, status.GetProperty("approvals").GetProperty("pending").GetInt32());
        Assert.Equal(0, status.GetProperty("approvals").GetProperty("awaitingExecution").GetInt32());
        JsonElement facts = status.GetProperty("memory").GetProperty("Fact");
        Assert.True(facts.GetProperty("versions").GetInt32() > facts.GetProperty("current").GetInt32());
        Assert.Equal(1, status.GetProperty("memory").GetProperty("Context").GetProperty("current").GetInt32());
        Assert.Equal(1, status.GetProperty("memory").GetProperty("Signal").GetProperty("current").GetInt32());
    }

    public void Dispose() => _directory.Dispose();
}
