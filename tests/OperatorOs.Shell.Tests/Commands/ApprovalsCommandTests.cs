using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace OperatorOs.Shell.Tests.Commands;

public sealed class ApprovalsCommandTests(HostDatabase host) : IDisposable
{
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task List_Default_ShowsPendingOnlyOldestFirst()
    {
        string db = host.CopyTo(_directory);

        CliResult text = await Cli.RunAsync("approvals", "list", "--db", db);
        CliResult json = await Cli.RunAsync("approvals", "list", "--db", db, "--json");

        Assert.Equal(ExitCodes.Ok, text.ExitCode);
        Assert.Contains(host.AgentPending, text.Out, StringComparison.Ordinal);
        Assert.Contains("CAPABILITY", text.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(host.Executed, text.Out, StringComparison.Ordinal);
        Assert.Equal([host.AgentPending, host.MailPending, host.RefundPending], json.Json().EnumerateArray().Select(r => r.GetProperty("id").GetString()));
        Assert.All(json.Json().EnumerateArray(), r => Assert.Equal("pending", r.GetProperty("status").GetString()));
    }

    [Theory]
    [InlineData("approved", "Executed")]
    [InlineData("rejected", "Rejected")]
    [InlineData("expired", "ExpiredUnrecorded")]
    public async Task List_WithStatus_ShowsThoseRequests(string status, string expected)
    {
        string db = host.CopyTo(_directory);
        string id = (string)typeof(HostDatabase).GetProperty(expected)!.GetValue(host)!;

        CliResult result = await Cli.RunAsync("approvals", "list", "--status", status, "--db", db, "--json");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        JsonElement request = Assert.Single(result.Json().EnumerateArray());
        Assert.Equal(id, request.GetProperty("id").GetString());
        Assert.Equal(status, request.GetProperty("status").GetString());
    }

    [Fact]
    public async Task List_ExpiredButNotRecorded_IsShownAsExpiredWithoutWriting()
    {
        string db = host.CopyTo(_directory);

        CliResult all = await Cli.RunAsync("approvals", "list", "--status", "all", "--db", db, "--json");

        JsonElement expired = all.Json().EnumerateArray().Single(r => r.GetProperty("id").GetString() == host.ExpiredUnrecorded);
        Assert.Equal("expired", expired.GetProperty("status").GetString());
        Assert.Equal("pending", expired.GetProperty("storedStatus").GetString());
        Assert.Equal(6, all.Json().GetArrayLength());
    }

    [Fact]
    public async Task List_UnknownStatus_IsAUsageError()
    {
        string db = host.CopyTo(_directory);

        CliResult result = await Cli.RunAsync("approvals", "list", "--status", "maybe", "--db", db);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("maybe", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_AgentProposal_ShowsEverythingAnOperatorNeedsToDecide()
    {
        string db = host.CopyTo(_directory);

        CliResult text = await Cli.RunAsync("approvals", "show", host.AgentPending, "--db", db);
        CliResult json = await Cli.RunAsync("approvals", "show", host.AgentPending, "--db", db, "--json");

        Assert.Equal(ExitCodes.Ok, text.ExitCode);
        foreach (string expected in new[] { "mail.send", "triage (Agent)", "The sender asked a question.", "0.8", "Untrusted", "Expires", "ada@example.com", "taint.untrusted", "scope.granted" })
        {
            Assert.Contains(expected, text.Out, StringComparison.Ordinal);
        }

        JsonElement request = json.Json();
        JsonElement proposal = request.GetProperty("proposal");
        Assert.Equal("mail.send", proposal.GetProperty("capability").GetString());
        Assert.Equal("Untrusted", proposal.GetProperty("taint").GetString());
        Assert.Equal(0.8, proposal.GetProperty("confidence").GetDouble());
        Assert.Equal("The sender asked a question.", proposal.GetProperty("rationale").GetString());
        Assert.Equal("ada@example.com", proposal.GetProperty("arguments").GetProperty("to").GetString());
        Assert.NotEqual(JsonValueKind.Null, request.GetProperty("expiresAt").ValueKind);
        JsonElement decision = request.GetProperty("decision");
        Assert.Equal("NeedsApproval", decision.GetProperty("verdict").GetString());
        string[] rules = decision.GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("rule").GetString()!).ToArray();
        Assert.Contains("taint.untrusted", rules);
        Assert.Contains("scope.granted", rules);
        Assert.Contains(decision.GetProperty("rule").GetString(), rules);
    }

    [Fact]
    public async Task Show_Executed_ShowsTheOutcome()
    {
        string db = host.CopyTo(_directory);

        CliResult json = await Cli.RunAsync("approvals", "show", host.Executed, "--db", db, "--json");

        JsonElement request = json.Json();
        Assert.Equal("executed", request.GetProperty("execution").GetString());
        Assert.Equal("mail.send done", request.GetProperty("outcome").GetProperty("summary").GetString());
    }

    [Fact]
    public async Task Show_UnknownId_IsNotFound()
    {
        string db = host.CopyTo(_directory);

        CliResult result = await Cli.RunAsync("approvals", "show", "apr_missing", "--db", db);

        result.AssertOneLineError(ExitCodes.NotFound, "apr_missing");
    }

    [Fact]
    public async Task Approve_RecordsTheDecisionLikeTheKernelAndExecutesNothing()
    {
        string db = host.CopyTo(_directory);

        CliResult first = await Cli.RunAsync("approvals", "approve", host.MailPending, "--by", "ada", "--db", db);
        CliResult again = await Cli.RunAsync("approvals", "approve", host.MailPending, "--by", "ada", "--db", db, "--json");

        Assert.Equal(ExitCodes.Ok, first.ExitCode);
        Assert.Contains("Approved " + host.MailPending, first.Out, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, again.ExitCode);
        Assert.Equal("awaiting execution by a host", again.Json().GetProperty("execution").GetString());
        await using ServiceProvider reader = Reader(db);
        ApprovalRequest stored = (await reader.GetRequiredService<ApprovalStore>().GetAsync(host.MailPending, TestContext.Current.CancellationToken))!;
        Assert.Equal(ApprovalStatus.Approved, stored.Status);
        Assert.Equal("ada", stored.DecidedBy);
        Assert.Null(stored.Outcome);
        List<JournalEvent> approvals = await EventsAsync(reader, JournalEventTypes.ApprovalApproved);
        JournalEvent decided = Assert.Single(approvals, e => e.Payload.GetProperty("approvalId").GetString() == host.MailPending);
        Assert.Equal("ada", decided.Payload.GetProperty("decidedBy").GetString());
        Assert.DoesNotContain(await EventsAsync(reader, JournalEventTypes.ActionStarted), e => e.Payload.GetProperty("approvalId").GetString() == host.MailPending);
        Assert.True((await reader.GetRequiredService<Journal>().VerifyAsync(TestContext.Current.CancellationToken)).IsIntact);
    }

    [Fact]
    public async Task Approve_AgentProposal_CountsOnTheTrustLadder()
    {
        string db = host.CopyTo(_directory);

        CliResult result = await Cli.RunAsync("approvals", "approve", host.AgentPending, "--db", db);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        await using ServiceProvider reader = Reader(db);
        MemoryRecord standing = (await reader.GetRequiredService<MemoryStore>().GetAsync("agent/triage", "trust/mail.send", TestContext.Current.CancellationToken))!;
        Assert.Equal(1, standing.Value.GetProperty("consecutiveCleanApprovals").GetInt32());
        Assert.Equal(host.AgentPending, standing.Provenance.ApprovalId);
    }

    [Fact]
    public async Task Approve_WithTheHostsPolicyFile_AppliesItsTrustSettings()
    {
        string db = host.CopyTo(_directory);
        string policy = _directory.Write("policy.json", """{ "trust": { "promotionThreshold": 1 } }""");

        CliResult result = await Cli.RunAsync("approvals", "approve", host.AgentPending, "--policy", policy, "--db", db);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        await using ServiceProvider reader = Reader(db);
        MemoryRecord standing = (await reader.GetRequiredService<MemoryStore>().GetAsync("agent/triage", "trust/mail.send", TestContext.Current.CancellationToken))!;
        Assert.True(standing.Value.GetProperty("promotionSuggested").GetBoolean());
        Assert.Contains(await EventsAsync(reader, JournalEventTypes.TrustPromotionSuggested), e => e.Payload.GetProperty("agent").GetString() == "triage");
    }

    [Fact]
    public async Task Approve_WithAMissingPolicyFile_IsNotFoundAndDecidesNothing()
    {
        string db = host.CopyTo(_directory);

        CliResult result = await Cli.RunAsync("approvals", "approve", host.MailPending, "--policy", _directory.Combine("none.json"), "--db", db);

        result.AssertOneLineError(ExitCodes.NotFound, "none.json");
        await using ServiceProvider reader = Reader(db);
        Assert.Equal(ApprovalStatus.Pending, (await reader.GetRequiredService<ApprovalStore>().GetAsync(host.MailPending, TestContext.Current.CancellationToken))!.Status);
    }

    [Fact]
    public async Task Approve_WithAnInvalidPolicyFile_IsPolicyInvalid()
    {
        string db = host.CopyTo(_directory);
        string policy = _directory.Write("policy.json", """{ "trust": { "promotionThreshold": "soon" } }""");

        CliResult result = await Cli.RunAsync("approvals", "approve", host.AgentPending, "--policy", policy, "--db", db);

        result.AssertOneLineError(ExitCodes.PolicyInvalid, "promotionThreshold");
        await using ServiceProvider reader = Reader(db);
        Assert.Equal(ApprovalStatus.Pending, (await reader.GetRequiredService<ApprovalStore>().GetAsync(host.AgentPending, TestContext.Current.CancellationToken))!.Status);
    }

    [Fact]
    public async Task Reject_RecordsTheReasonAndALaterApprovalIsAConflict()
    {
        string db = host.CopyTo(_directory);

        CliResult rejected = await Cli.RunAsync("approvals", "reject", host.MailPending, "--reason", "Wrong recipient.", "--db", db);
        CliResult approve = await Cli.RunAsync("approvals", "approve", host.MailPending, "--db", db);
        CliResult rejectAgain = await Cli.RunAsync("approvals", "reject", host.MailPending, "--reason", "Still wrong.", "--db", db);

        Assert.Equal(ExitCodes.Ok, rejected.ExitCode);
        Assert.Contains("Wrong recipient.", rejected.Out, StringComparison.Ordinal);
        approve.AssertOneLineError(ExitCodes.Conflict, "already Rejected");
        Assert.Equal(ExitCodes.Ok, rejectAgain.ExitCode);
    }

    [Fact]
    public async Task Reject_WithoutReason_IsAUsageError()
    {
        string db = host.CopyTo(_directory);

        CliResult result = await Cli.RunAsync("approvals", "reject", host.MailPending, "--db", db);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--reason", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approve_Expired_RecordsTheExpiryAndIsAConflict()
    {
        string db = host.CopyTo(_directory);

        CliResult result = await Cli.RunAsync("approvals", "approve", host.ExpiredUnrecorded, "--db", db);

        result.AssertOneLineError(ExitCodes.Conflict, "already Expired");
        await using ServiceProvider reader = Reader(db);
        Assert.Equal(ApprovalStatus.Expired, (await reader.GetRequiredService<ApprovalStore>().GetAsync(host.ExpiredUnrecorded, TestContext.Current.CancellationToken))!.Status);
    }

    [Fact]
    public async Task Approve_UnknownId_IsNotFound()
    {
        string db = host.CopyTo(_directory);

        CliResult result = await Cli.RunAsync("approvals", "approve", "apr_missing", "--db", db);

        result.AssertOneLineError(ExitCodes.NotFound, "apr_missing");
    }

    [Fact]
    public async Task Edit_WithSet_ApprovesTheCorrectionAndKeepsItAsAFact()
    {
        string db = host.CopyTo(_directory);

        CliResult result = await Cli.RunAsync("approvals", "edit", host.RefundPending, "--set", "amount=40", "--set", "note=partial refund", "--by", "ada", "--db", db, "--json");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        JsonElement corrected = result.Json().GetProperty("correctedArguments");
        Assert.Equal(40, corrected.GetProperty("amount").GetInt32());
        Assert.Equal("partial refund", corrected.GetProperty("note").GetString());
        Assert.Equal("inv_7", corrected.GetProperty("invoice").GetString());
        await using ServiceProvider reader = Reader(db);
        MemoryRecord fact = (await reader.GetRequiredService<MemoryStore>().GetAsync("flow/billing-flow", $"correction/billing.refund/{host.RefundProposalId}", TestContext.Current.CancellationToken))!;
        Assert.Equal(80, fact.Value.GetProperty("proposed").GetProperty("amount").GetInt32());
        Assert.Equal(40, fact.Value.GetProperty("corrected").GetProperty("amount").GetInt32());
        Assert.Equal("ada", fact.Provenance.Actor);
        Assert.Equal(host.RefundPending, fact.Provenance.ApprovalId);
        Assert.Contains(await EventsAsync(reader, JournalEventTypes.MemoryWritten), e => e.Payload.GetProperty("entity").GetString() == "flow/billing-flow");
    }

    [Fact]
    public async Task Edit_WithArgs_ReplacesTheArguments()
    {
        string db = host.CopyTo(_directory);
        string file = _directory.Write("args.json", """{"invoice":"inv_7","amount":25}""");

        CliResult inline = await Cli.RunAsync("approvals", "edit", host.RefundPending, "--args", """{"invoice":"inv_7","amount":30}""", "--db", db, "--json");
        CliResult second = await Cli.RunAsync("approvals", "edit", host.MailPending, "--args", "@" + file, "--db", db, "--json");

        Assert.Equal(ExitCodes.Ok, inline.ExitCode);
        Assert.Equal(30, inline.Json().GetProperty("correctedArguments").GetProperty("amount").GetInt32());
        Assert.Equal(ExitCodes.Ok, second.ExitCode);
        Assert.Equal(25, second.Json().GetProperty("correctedArguments").GetProperty("amount").GetInt32());
    }

    [Theory]
    [InlineData("--args", "[1,2]", "JSON object")]
    [InlineData("--args", "{not json", "not valid JSON")]
    [InlineData("--set", "amount", "key=value")]
    public async Task Edit_MalformedCorrection_IsAUsageErrorAndChangesNothing(string option, string value, string message)
    {
        string db = host.CopyTo(_directory);

        CliResult result = await Cli.RunAsync("approvals", "edit", host.RefundPending, option, value, "--db", db);

        result.AssertOneLineError(ExitCodes.Usage, message);
        await using ServiceProvider reader = Reader(db);
        Assert.Equal(ApprovalStatus.Pending, (await reader.GetRequiredService<ApprovalStore>().GetAsync(host.RefundPending, TestContext.Current.CancellationToken))!.Status);
    }

    [Fact]
    public async Task Edit_WithNeitherArgsNorSet_IsAUsageError()
    {
        string db = host.CopyTo(_directory);

        CliResult result = await Cli.RunAsync("approvals", "edit", host.RefundPending, "--db", db);

        result.AssertOneLineError(ExitCodes.Usage, "--args");
    }

    [Fact]
    public async Task Approve_WhileTheHostHoldsTheWriteLock_IsLockedAndChangesNothing()
    {
        string db = host.CopyTo(_directory);
        using (var holder = new SqliteConnection($"Data Source={db};Pooling=False"))
        {
            holder.Open();
            using SqliteTransaction transaction = holder.BeginTransaction(deferred: false);

            CliResult result = await Cli.RunAsync("approvals", "approve", host.MailPending, "--db", db, "--busy-timeout", "100");

            result.AssertOneLineError(ExitCodes.DatabaseLocked, "locked");
            transaction.Rollback();
        }

        await using ServiceProvider reader = Reader(db);
        Assert.Equal(ApprovalStatus.Pending, (await reader.GetRequiredService<ApprovalStore>().GetAsync(host.MailPending, TestContext.Current.CancellationToken))!.Status);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    internal static ServiceProvider Reader(string db)
    {
        var services = new ServiceCollection();
        services.AddOperatorOs().UseSqlite(db, o => o.CreateIfMissing = false);
        return services.BuildServiceProvider();
    }

    internal static async Task<List<JournalEvent>> EventsAsync(ServiceProvider reader, string type)
    {
        var events = new List<JournalEvent>();
        await foreach (JournalEvent e in reader.GetRequiredService<Journal>().ReadAsync(1, TestContext.Current.CancellationToken))
        {
            if (e.Type == type)
            {
                events.Add(e);
            }
        }

        return events;
    }
}
