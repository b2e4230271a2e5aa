using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace OperatorOs.Shell.Tests;

/// <summary>The CLI decides, a host executes: approvals recorded in the database are executed exactly once by a host's dispatcher.</summary>
public sealed class ApprovalDispatchEndToEndTests(HostDatabase host) : IDisposable
{
    private readonly TempDirectory _directory = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CliApproves_HostStartedAfterwards_ExecutesOnce_AndASecondStartExecutesNothingMore()
    {
        // Arrange: the operator approves one request and corrects another while no host runs.
        string db = host.CopyTo(_directory);
        Assert.Equal(ExitCodes.Ok, (await Cli.RunAsync("approvals", "approve", host.MailPending, "--db", db)).ExitCode);
        Assert.Equal(ExitCodes.Ok, (await Cli.RunAsync("approvals", "edit", host.RefundPending, "--set", "amount=40", "--db", db)).ExitCode);

        // Act: a host starts; its dispatcher's first pass runs at start.
        var first = new RecordingConnector("test", HostDatabase.Capabilities);
        await using (ServiceProvider started = HostDatabase.BuildHost(db, first))
        {
            await HostDatabase.StartAsync(started, Ct);
            await HostDatabase.StopAsync(started, Ct);
        }

        var second = new RecordingConnector("test", HostDatabase.Capabilities);
        await using (ServiceProvider restarted = HostDatabase.BuildHost(db, second))
        {
            await HostDatabase.StartAsync(restarted, Ct);
            await HostDatabase.StopAsync(restarted, Ct);
        }

        // Assert: each approved action ran once, the refund with the corrected amount; the restart ran nothing.
        Assert.Equal(2, first.Effects.Count);
        Assert.Equal(40, first.Effects.Single(e => e.Capability == "billing.refund").Arguments.GetProperty("amount").GetInt32());
        Assert.Single(first.Effects, e => e.Capability == "mail.send");
        Assert.Equal(0, second.ExecuteCalls);

        CliResult shown = await Cli.RunAsync("approvals", "show", host.MailPending, "--db", db, "--json");
        Assert.Equal("executed", shown.Json().GetProperty("execution").GetString());
        Assert.Equal(ExitCodes.Ok, (await Cli.RunAsync("audit", "verify", "--db", db)).ExitCode);
    }

    [Fact]
    public async Task CliApproves_WhileTheHostRuns_TheRunningHostExecutesIt()
    {
        // Arrange: a host runs with a short dispatch interval.
        string db = host.CopyTo(_directory);
        var connector = new RecordingConnector("test", HostDatabase.Capabilities);
        await using ServiceProvider running = HostDatabase.BuildHost(db, connector, configure: o => o.ApprovalDispatch.Interval = TimeSpan.FromMilliseconds(100));
        await HostDatabase.StartAsync(running, Ct);

        // Act: the operator approves from the CLI, sharing the file (and the journal) with the host.
        CliResult approved = await Cli.RunAsync("approvals", "approve", host.MailPending, "--db", db);
        ApprovalStore approvals = running.GetRequiredService<ApprovalStore>();
        await HostDatabase.WaitUntilAsync(() => approvals.GetAsync(host.MailPending, Ct).GetAwaiter().GetResult()?.Outcome is not null, Ct);

        // The host keeps journaling its own work after the CLI's appends.
        IOperatorKernel kernel = running.GetRequiredService<IOperatorKernel>();
        ProposalResult read = await kernel.ProposeAsync(HostDatabase.Proposal("notes.read", "{}", TimeProvider.System.GetUtcNow()), Ct);
        await HostDatabase.StopAsync(running, Ct);

        // Assert
        Assert.Equal(ExitCodes.Ok, approved.ExitCode);
        Assert.Equal("bob@example.com", connector.Effects[0].Arguments.GetProperty("to").GetString());
        Assert.Equal(ProposalStatus.Executed, read.Status);
        Assert.Equal(ExitCodes.Ok, (await Cli.RunAsync("audit", "verify", "--db", db)).ExitCode);
        CliResult shown = await Cli.RunAsync("approvals", "show", host.MailPending, "--db", db, "--json");
        Assert.Equal("executed", shown.Json().GetProperty("execution").GetString());
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }
}
