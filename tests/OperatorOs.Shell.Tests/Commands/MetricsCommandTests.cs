using System.Text.Json;

namespace OperatorOs.Shell.Tests.Commands;

public sealed class MetricsCommandTests(HostDatabase host) : IDisposable
{
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task Metrics_Json_CountsProposalsExecutionsApprovalsAndCosts()
    {
        string db = host.CopyTo(_directory);

        CliResult result = await Cli.RunAsync("metrics", "--db", db, "--json");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        JsonElement metrics = result.Json();
        JsonElement total = metrics.GetProperty("total");
        Assert.Equal(7, total.GetProperty("proposed").GetInt32());
        Assert.Equal(1, total.GetProperty("decisions").GetProperty("Execute").GetInt32());
        Assert.Equal(6, total.GetProperty("decisions").GetProperty("NeedsApproval").GetInt32());
        Assert.Equal(2, total.GetProperty("executions").GetProperty("succeeded").GetInt32());
        Assert.Equal(0, total.GetProperty("executions").GetProperty("failed").GetInt32());
        JsonElement approvals = total.GetProperty("approvals");
        Assert.Equal(3, approvals.GetProperty("pending").GetInt32());
        Assert.Equal(1, approvals.GetProperty("approved").GetInt32());
        Assert.Equal(1, approvals.GetProperty("rejected").GetInt32());
        Assert.Equal(1, approvals.GetProperty("expired").GetInt32());

        JsonElement mail = metrics.GetProperty("capabilities").EnumerateArray().Single(c => c.GetProperty("capability").GetString() == "mail.send");
        Assert.Equal(4, mail.GetProperty("proposed").GetInt32());
        Assert.Equal(1, mail.GetProperty("executions").GetProperty("succeeded").GetInt32());

        Assert.Equal(["cost/agent/triage", "cost/model/gpt-test"], metrics.GetProperty("costs").EnumerateArray().Select(c => c.GetProperty("entity").GetString()));
        JsonElement usd = Assert.Single(metrics.GetProperty("costTotals").EnumerateArray());
        Assert.Equal("usd", usd.GetProperty("attribute").GetString());
        Assert.Equal(1.75, usd.GetProperty("total").GetDouble(), 6);
    }

    [Fact]
    public async Task Metrics_AfterACliApproval_CountsItAsAwaitingExecution()
    {
        string db = host.CopyTo(_directory);
        Assert.Equal(ExitCodes.Ok, (await Cli.RunAsync("approvals", "approve", host.MailPending, "--db", db)).ExitCode);

        CliResult json = await Cli.RunAsync("metrics", "--db", db, "--json");
        CliResult text = await Cli.RunAsync("metrics", "--db", db);

        Assert.Equal(1, json.Json().GetProperty("total").GetProperty("approvals").GetProperty("awaitingExecution").GetInt32());
        Assert.Equal(ExitCodes.Ok, text.ExitCode);
        Assert.Contains("AWAITING EXECUTION", text.Out, StringComparison.Ordinal);
        Assert.Contains("cost/model/gpt-test", text.Out, StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Dispose();
}
