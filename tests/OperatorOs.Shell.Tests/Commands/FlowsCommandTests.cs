using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace OperatorOs.Shell.Tests.Commands;

public sealed class FlowsCommandTests(FlowHostDatabase flows) : IClassFixture<FlowHostDatabase>, IDisposable
{
    private readonly TempDirectory _directory = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task List_Default_ShowsUnfinishedInstancesNewestFirst_WithWhatTheyWaitFor()
    {
        string db = flows.CopyTo(_directory);

        CliResult text = await Cli.RunAsync("flows", "list", "--db", db);
        CliResult json = await Cli.RunAsync("flows", "list", "--db", db, "--json");

        Assert.Equal(ExitCodes.Ok, text.ExitCode);
        foreach (string expected in new[] { "ID", "WAITING FOR", FlowHostDatabase.Waiting, "enrollment@1", "awaiting-approval", "refund: approval " + flows.ApprovalId, "student/1", FlowHostDatabase.Failed, "step note-payment", "refused the note" })
        {
            Assert.Contains(expected, text.Out, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(FlowHostDatabase.Done, text.Out, StringComparison.Ordinal);
        JsonElement[] instances = json.Json().EnumerateArray().ToArray();
        Assert.Equal([FlowHostDatabase.Failed, FlowHostDatabase.Waiting], instances.Select(i => i.GetProperty("id").GetString()));
        Assert.Equal("failed", instances[0].GetProperty("status").GetString());
        Assert.Equal("awaiting-payment", instances[0].GetProperty("state").GetString());
        Assert.Equal(flows.ApprovalId, instances[1].GetProperty("approvalId").GetString());
        Assert.Equal("refund", instances[1].GetProperty("pendingStep").GetString());
    }

    [Theory]
    [InlineData(new[] { "--all" }, new[] { FlowHostDatabase.Failed, FlowHostDatabase.Done, FlowHostDatabase.Waiting })]
    [InlineData(new[] { "--status", "completed" }, new[] { FlowHostDatabase.Done })]
    [InlineData(new[] { "--status", "awaiting-approval" }, new[] { FlowHostDatabase.Waiting })]
    [InlineData(new[] { "--status", "failed", "--flow", "enrollment" }, new[] { FlowHostDatabase.Failed })]
    [InlineData(new[] { "--flow", "invoicing", "--all" }, new string[0])]
    public async Task List_WithFilters_ShowsThoseInstances(string[] filters, string[] expected)
    {
        string db = flows.CopyTo(_directory);

        CliResult result = await Cli.RunAsync(["flows", "list", .. filters, "--db", db, "--json"]);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal(expected, result.Json().EnumerateArray().Select(i => i.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task List_NothingMatches_SaysSo_AndAnUnknownStatusIsAUsageError()
    {
        string db = flows.CopyTo(_directory);

        CliResult none = await Cli.RunAsync("flows", "list", "--status", "running", "--db", db);
        CliResult bad = await Cli.RunAsync("flows", "list", "--status", "sleeping", "--db", db);

        Assert.Equal(ExitCodes.Ok, none.ExitCode);
        Assert.Equal("No flow instances match.", none.Out.Trim());
        Assert.Equal(ExitCodes.Usage, bad.ExitCode);
        Assert.Contains("sleeping", bad.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_WaitingInstance_ShowsItsDetailsDataAndEventHistory()
    {
        string db = flows.CopyTo(_directory);

        CliResult text = await Cli.RunAsync("flows", "show", FlowHostDatabase.Waiting, "--db", db);
        CliResult json = await Cli.RunAsync("flows", "show", FlowHostDatabase.Waiting, "--db", db, "--json");

        Assert.Equal(ExitCodes.Ok, text.ExitCode);
        foreach (string expected in new[] { "enrollment version 1", "awaiting-approval", "student/1", flows.ApprovalId, "History (flow/enr-waiting):", "flow.started", "awaiting-payment -> active on payment.received", "step note-payment: notes.write — notes.write done", "step note-payment: notes.write — execute by risk-tier.internal", "step refund: billing.refund awaits approval " + flows.ApprovalId, "\"paid\": 120" })
        {
            Assert.Contains(expected, text.Out, StringComparison.Ordinal);
        }

        JsonElement instance = json.Json();
        Assert.Equal("active", instance.GetProperty("state").GetString());
        Assert.Equal("awaiting-approval", instance.GetProperty("status").GetString());
        Assert.Equal("s1", instance.GetProperty("data").GetProperty("input").GetProperty("student").GetString());
        Assert.Equal(JsonValueKind.Null, instance.GetProperty("resumeRequest").ValueKind);
        JsonElement[] events = instance.GetProperty("events").EnumerateArray().ToArray();
        // One entry per record; the records an event holds together (a checkpoint) share its sequence.
        Assert.Equal(
            [FlowEventTypes.Started, FlowEventTypes.Accepted, FlowEventTypes.StepStarted, FlowEventTypes.StepCompleted, FlowEventTypes.Transition, FlowEventTypes.Accepted, FlowEventTypes.StepAwaitingApproval],
            events.Select(e => e.GetProperty("type").GetString()));
        Assert.True(events.Zip(events.Skip(1)).All(p => p.First.GetProperty("sequence").GetInt64() <= p.Second.GetProperty("sequence").GetInt64()));
        Assert.Equal(events[1].GetProperty("sequence").GetInt64(), events[2].GetProperty("sequence").GetInt64());

        // The step's approval is the one the approval queue shows, proposed by the flow.
        CliResult approval = await Cli.RunAsync("approvals", "show", flows.ApprovalId, "--db", db, "--json");
        Assert.Equal("enrollment", approval.Json().GetProperty("proposal").GetProperty("proposer").GetString());
    }

    [Fact]
    public async Task Metrics_FlowStepsThatRanAtOnce_CountFromTheirRecords_AndStepsThroughApprovalFromTheirEvents()
    {
        string db = flows.CopyTo(_directory);

        CliResult result = await Cli.RunAsync("metrics", "--db", db, "--json");

        // Three payment notes ran at once (two done, one refused by the notes service); the refund waits for the operator.
        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        JsonElement[] capabilities = result.Json().GetProperty("capabilities").EnumerateArray().ToArray();
        JsonElement notes = capabilities.Single(c => c.GetProperty("capability").GetString() == "notes.write");
        Assert.Equal(3, notes.GetProperty("proposed").GetInt32());
        Assert.Equal(3, notes.GetProperty("decisions").GetProperty("Execute").GetInt32());
        Assert.Equal(2, notes.GetProperty("executions").GetProperty("succeeded").GetInt32());
        Assert.Equal(1, notes.GetProperty("executions").GetProperty("failed").GetInt32());
        JsonElement refund = capabilities.Single(c => c.GetProperty("capability").GetString() == "billing.refund");
        Assert.Equal(1, refund.GetProperty("proposed").GetInt32());
        Assert.Equal(1, refund.GetProperty("decisions").GetProperty("NeedsApproval").GetInt32());
        Assert.Equal(1, refund.GetProperty("approvals").GetProperty("pending").GetInt32());
    }

    [Fact]
    public async Task StatusAndAuditVerify_OverAFlowHostsDatabase_FindTheChainIntact()
    {
        string db = flows.CopyTo(_directory);

        // status re-hashes the events it reads (the flow's checkpoints, written as bytes); audit verify hashes the stored bytes.
        CliResult status = await Cli.RunAsync("status", "--db", db, "--json");
        CliResult verify = await Cli.RunAsync("audit", "verify", "--db", db, "--json");

        Assert.Equal(ExitCodes.Ok, status.ExitCode);
        Assert.True(status.Json().GetProperty("journal").GetProperty("chain").GetProperty("intact").GetBoolean());
        Assert.Equal(ExitCodes.Ok, verify.ExitCode);
        Assert.True(verify.Json().GetProperty("intact").GetBoolean());
    }

    [Fact]
    public async Task Show_UnknownInstance_IsNotFound()
    {
        string db = flows.CopyTo(_directory);

        CliResult result = await Cli.RunAsync("flows", "show", "enr-missing", "--db", db);

        result.AssertOneLineError(ExitCodes.NotFound, "enr-missing");
    }

    [Fact]
    public async Task Resume_UnknownInstance_IsNotFound_AndACompletedOneIsAConflict_NothingIsRecorded()
    {
        string db = flows.CopyTo(_directory);

        CliResult missing = await Cli.RunAsync("flows", "resume", "enr-missing", "--db", db);
        CliResult completed = await Cli.RunAsync("flows", "resume", FlowHostDatabase.Done, "--db", db);
        CliResult shown = await Cli.RunAsync("flows", "show", FlowHostDatabase.Done, "--db", db, "--json");

        missing.AssertOneLineError(ExitCodes.NotFound, "enr-missing");
        completed.AssertOneLineError(ExitCodes.Conflict, $"'{FlowHostDatabase.Done}' is completed (in the state 'graduated')");
        Assert.Equal(JsonValueKind.Null, shown.Json().GetProperty("resumeRequest").ValueKind);
    }

    [Fact]
    public async Task Resume_FailedInstance_IsRecorded_ThenTheHostResumesItAtStart_AndTheCliShowsTheOutcome()
    {
        // Arrange: the operator asks while no host runs.
        string db = flows.CopyTo(_directory);
        CliResult requested = await Cli.RunAsync("flows", "resume", FlowHostDatabase.Failed, "--by", "ada", "--db", db);
        CliResult again = await Cli.RunAsync("flows", "resume", FlowHostDatabase.Failed, "--by", "bob", "--db", db, "--json");
        CliResult pending = await Cli.RunAsync("flows", "show", FlowHostDatabase.Failed, "--db", db);

        Assert.Equal(ExitCodes.Ok, requested.ExitCode);
        Assert.Contains($"Resume of {FlowHostDatabase.Failed} (failed in awaiting-payment: ", requested.Out, StringComparison.Ordinal);
        Assert.Contains("requested by ada", requested.Out, StringComparison.Ordinal);
        Assert.Contains("next poll", requested.Out, StringComparison.Ordinal);
        JsonElement waiting = again.Json().GetProperty("resumeRequest");
        Assert.Equal("requested", waiting.GetProperty("status").GetString());
        Assert.Equal("ada", waiting.GetProperty("requestedBy").GetString());
        Assert.Contains("waiting for a host", pending.Out, StringComparison.Ordinal);

        // Act: a host starts; the notes service accepts the note now.
        var connector = new RecordingConnector("test", HostDatabase.Capabilities);
        await using (ServiceProvider host = FlowHostDatabase.BuildHost(db, connector))
        {
            await HostDatabase.StartAsync(host, Ct);
            FlowStorage storage = host.GetRequiredService<FlowStorage>();
            await HostDatabase.WaitUntilAsync(() => storage.GetResumeRequestAsync(FlowHostDatabase.Failed, Ct).GetAwaiter().GetResult()?.Status is FlowResumeRequestStatus.Done or FlowResumeRequestStatus.Failed, Ct);
            await HostDatabase.StopAsync(host, Ct);
        }

        SqliteConnection.ClearAllPools();
        CliResult after = await Cli.RunAsync("flows", "show", FlowHostDatabase.Failed, "--db", db, "--json");

        // Assert: the step ran once with its own token, the instance moved on, and the request says so.
        OperationRequest note = Assert.Single(connector.Effects);
        Assert.Equal(OperationToken.ForFlowStep(FlowHostDatabase.Failed, "1.note-payment"), note.Token);
        JsonElement instance = after.Json();
        Assert.Equal("active", instance.GetProperty("state").GetString());
        Assert.Equal("active", instance.GetProperty("status").GetString());
        JsonElement request = instance.GetProperty("resumeRequest");
        Assert.Equal("done", request.GetProperty("status").GetString());
        Assert.Equal("active", request.GetProperty("instanceStatus").GetString());
        Assert.StartsWith("flow-recovery@", request.GetProperty("handledBy").GetString(), StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, (await Cli.RunAsync("audit", "verify", "--db", db)).ExitCode);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }
}
