using System.Text.Json;

namespace OperatorOs.Shell.Tests.Commands;

public sealed class MemoryCommandTests(HostDatabase host) : IDisposable
{
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task Show_Entity_ListsItsCurrentRecords()
    {
        string db = host.CopyTo(_directory);

        CliResult text = await Cli.RunAsync("memory", "show", "customer/42", "--db", db);
        CliResult json = await Cli.RunAsync("memory", "show", "customer/42", "--db", db, "--json");

        Assert.Equal(ExitCodes.Ok, text.ExitCode);
        Assert.Contains("\"ada@example.com\"", text.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("ada@old.example.com", text.Out, StringComparison.Ordinal);
        JsonElement[] records = json.Json().EnumerateArray().ToArray();
        Assert.Equal(["email", "plan"], records.Select(r => r.GetProperty("attribute").GetString()));
        Assert.Equal(2, records[0].GetProperty("version").GetInt32());
        Assert.Equal(JsonValueKind.Null, records[0].GetProperty("validTo").ValueKind);
        Assert.Equal("host-operator", records[0].GetProperty("provenance").GetProperty("actor").GetString());
    }

    [Fact]
    public async Task Show_Attribute_ShowsTheRecordAndItsFullValue()
    {
        string db = host.CopyTo(_directory);

        CliResult result = await Cli.RunAsync("memory", "show", "customer/42", "plan", "--db", db);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains("\"seats\": 3", result.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nobody/1")]
    [InlineData("customer/42", "phone")]
    public async Task Show_Missing_IsNotFound(params string[] what)
    {
        string db = host.CopyTo(_directory);

        CliResult result = await Cli.RunAsync(["memory", "show", .. what, "--db", db]);

        result.AssertOneLineError(ExitCodes.NotFound, what[0]);
    }

    [Fact]
    public async Task History_ListsEveryVersionWithTimesAndProvenance()
    {
        string db = host.CopyTo(_directory);

        CliResult text = await Cli.RunAsync("memory", "history", "customer/42", "email", "--db", db);
        CliResult json = await Cli.RunAsync("memory", "history", "customer/42", "email", "--db", db, "--json");

        Assert.Equal(ExitCodes.Ok, text.ExitCode);
        Assert.Contains("ada@old.example.com", text.Out, StringComparison.Ordinal);
        Assert.Contains("current", text.Out, StringComparison.Ordinal);
        Assert.Contains("email/msg-1", text.Out, StringComparison.Ordinal);
        JsonElement[] versions = json.Json().EnumerateArray().ToArray();
        Assert.Equal([1, 2], versions.Select(v => v.GetProperty("version").GetInt32()));
        Assert.Equal(versions[1].GetProperty("validFrom").GetDateTimeOffset(), versions[0].GetProperty("validTo").GetDateTimeOffset());
        Assert.Equal("ada@old.example.com", versions[0].GetProperty("value").GetString());
        Assert.Equal(["email/msg-1"], versions[1].GetProperty("provenance").GetProperty("inputs").EnumerateArray().Select(i => i.GetString()));
        Assert.True(versions[1].TryGetProperty("recordedAt", out _));
    }

    [Fact]
    public async Task History_Missing_IsNotFound()
    {
        string db = host.CopyTo(_directory);

        CliResult result = await Cli.RunAsync("memory", "history", "customer/42", "phone", "--db", db);

        result.AssertOneLineError(ExitCodes.NotFound, "phone");
    }

    [Fact]
    public async Task Search_FindsCurrentRecordsThroughTheMemoryIndex()
    {
        string db = host.CopyTo(_directory);

        CliResult json = await Cli.RunAsync("memory", "search", "operator CLI sprint goal", "--top", "3", "--db", db, "--json");
        CliResult signals = await Cli.RunAsync("memory", "search", "ada", "--kind", "Signal", "--db", db, "--json");
        CliResult text = await Cli.RunAsync("memory", "search", "ada email", "--db", db);

        Assert.Equal(ExitCodes.Ok, json.ExitCode);
        JsonElement[] hits = json.Json().EnumerateArray().ToArray();
        Assert.InRange(hits.Length, 1, 3);
        Assert.Equal("sprint/current", hits[0].GetProperty("entity").GetString());
        Assert.True(hits[0].GetProperty("score").GetDouble() > 0);
        Assert.All(signals.Json().EnumerateArray(), h => Assert.Equal("Signal", h.GetProperty("kind").GetString()));
        Assert.Contains("customer/42", text.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("ada@old.example.com", text.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_TopOutOfRange_IsAUsageError()
    {
        string db = host.CopyTo(_directory);

        CliResult result = await Cli.RunAsync("memory", "search", "x", "--top", "0", "--db", db);

        result.AssertOneLineError(ExitCodes.Usage, "--top");
    }

    public void Dispose() => _directory.Dispose();
}
