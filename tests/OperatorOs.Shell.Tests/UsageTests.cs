namespace OperatorOs.Shell.Tests;

public sealed class UsageTests
{
    [Fact]
    public async Task Help_ListsEveryCommandGroup()
    {
        CliResult result = await Cli.RunAsync("--help");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        foreach (string command in new[] { "status", "approvals", "memory", "audit", "metrics", "policy", "flows", "--db", "--json" })
        {
            Assert.Contains(command, result.Out, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("approvals", "--help", "edit")]
    [InlineData("audit", "tail", "--help", "--follow")]
    [InlineData("flows", "list", "--help", "--status")]
    public async Task Help_OfAGroupOrCommand_ShowsItsOptions(params string[] argsAndExpected)
    {
        CliResult result = await Cli.RunAsync(argsAndExpected[..^1]);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains(argsAndExpected[^1], result.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("approvals")]
    [InlineData("approvals", "show")]
    [InlineData("memory", "history", "customer/42")]
    [InlineData("flows", "resume")]
    [InlineData("status", "--busy-timeout", "soon")]
    public async Task MalformedCommandLine_IsAUsageErrorWithoutAStackTrace(params string[] args)
    {
        CliResult result = await Cli.RunAsync(args);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.StartsWith("opos: ", result.Error, StringComparison.Ordinal);
        Assert.Contains("opos --help", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Out);
    }
}
