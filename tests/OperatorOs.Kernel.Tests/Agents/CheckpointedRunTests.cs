using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OperatorOs.Testing;

namespace OperatorOs.Kernel.Tests.Agents;

public class CheckpointedRunTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly AgentRole Scribe = new("scribe", "You keep notes.") { GrantedCapabilities = ["notes.read", "notes.write"], MaxToolIterations = 4 };

    private static KernelHarness Harness(
        ScriptedChatClient model, MemoryStore? memory = null, ApprovalStore? approvals = null, AgentRole? role = null, RecordingConnector? connector = null) =>
        new(
            model: model,
            connector: connector,
            build: b => b.AddAgent(role ?? Scribe).MapIntentToAgent("note.requested", (role ?? Scribe).Name),
            services: s =>
            {
                if (memory is not null)
                {
                    s.AddSingleton(memory);
                }

                if (approvals is not null)
                {
                    s.AddSingleton(approvals);
                }
            });

    /// <summary>A connector two hosts share: reading page 2 hangs until the caller is cancelled (the host dies), while <c>Hang</c> holds.</summary>
    private static (RecordingConnector Connector, StrongBox<bool> Hang) ConnectorThatHangsOnPageTwo()
    {
        var hang = new StrongBox<bool>(true);
        var connector = new RecordingConnector("test", [RecordingConnector.Capability("notes.read", RiskTier.Read), RecordingConnector.Capability("notes.write", RiskTier.Internal)]);
        connector.ExecuteAsyncCallback = async (request, token) =>
        {
            if (Volatile.Read(ref hang.Value) && request.Arguments.TryGetProperty("page", out JsonElement page) && page.GetInt32() == 2)
            {
                await Task.Delay(Timeout.Infinite, token);
            }

            return request.Arguments;
        };
        return (connector, hang);
    }

    private static string LastUserText(ScriptedChatCall call) => call.Messages.Last(m => m.Role == ChatRole.User).Text;

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (int i = 0; i < 1_000 && !condition(); i++)
        {
            await Task.Delay(10, Ct);
        }

        Assert.True(condition(), "the condition did not hold in time");
    }

    [Fact]
    public async Task RunWaitingOnApproval_IsCheckpointed_AndContinuesAfterTheDecisionWithoutRepeatingTheCall()
    {
        var model = new ScriptedChatClient()
            .EnqueueToolCall("notes__write", new Dictionary<string, object?> { ["text"] = "hello" }, "call-1")
            .EnqueueText("Waiting for the operator.")
            .EnqueueToolCall("notes__read", new Dictionary<string, object?>(), "call-2")
            .EnqueueText("All done.");
        await using KernelHarness harness = Harness(model);
        Intent intent = harness.Intent("note.requested");

        IntentResult first = await harness.Kernel.SubmitAsync(intent, Ct);
        MemoryRecord? checkpoint = await harness.Memory.GetAsync($"agent-run/{intent.Id}", "checkpoint", Ct);
        Assert.NotNull(checkpoint);
        Assert.Equal("operatoros.agent-run", checkpoint.Value.GetProperty("type").GetString());
        Assert.Equal(1, checkpoint.Value.GetProperty("schema").GetInt32());

        _ = await harness.Approvals.ApproveAsync(Assert.Single(first.Proposals).ApprovalId!, "operator", cancellationToken: Ct);
        AgentRun? resumed = await harness.Services.GetRequiredService<AgentRunResumer>().TryResumeAsync(intent.Id, Ct);

        Assert.NotNull(resumed);
        Assert.Equal("All done.", resumed.Response);
        Assert.Equal(ProposalStatus.Executed, Assert.Single(resumed.Proposals).Status);
        Assert.Equal(2, harness.Connector.ExecuteCalls);
        Assert.Equal(1, harness.Connector.Effects.Count(e => e.Capability == "notes.write"));
        string update = LastUserText(model.Calls[2]);
        Assert.Contains("notes.write (call call-1): approved and done", update, StringComparison.Ordinal);
        Assert.Contains(model.Calls[2].Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>(), c => c.CallId == "call-1");
        Assert.Null(await harness.Services.GetRequiredService<AgentRunResumer>().TryResumeAsync(intent.Id, Ct));
        Assert.Contains(JournalEventTypes.AgentResumed, (await harness.EventsAsync()).Select(e => e.Type));
    }

    [Fact]
    public async Task ModelFailsOnResume_TheCompletedCallIsNotProposedAgain_AndTheIntentWaitsForTheOperator()
    {
        // Arrange: a role whose deterministic strategy would plan the same write from scratch.
        AgentRole role = new("scribe", "You keep notes.")
        {
            GrantedCapabilities = ["notes.read", "notes.write"],
            MaxToolIterations = 4,
            DeterministicStrategy = new PlanStrategy(new AgentToolCall("notes.write", TestJson.Parse("""{"text":"hello"}"""))),
        };
        var model = new ScriptedChatClient()
            .EnqueueToolCall("notes__write", new Dictionary<string, object?> { ["text"] = "hello" }, "call-1")
            .EnqueueText("Waiting for the operator.");
        await using KernelHarness harness = Harness(model, role: role);
        Intent intent = harness.Intent("note.requested");
        IntentResult first = await harness.Kernel.SubmitAsync(intent, Ct);
        _ = await harness.Approvals.ApproveAsync(Assert.Single(first.Proposals).ApprovalId!, "operator", cancellationToken: Ct);
        Assert.Single(harness.Connector.Effects);
        model.GetResponseAsyncCallback = (_, _, _) => Task.FromException<ChatResponse>(new InvalidOperationException("provider down"));

        // Act
        AgentRun? resumed = await harness.Services.GetRequiredService<AgentRunResumer>().TryResumeAsync(intent.Id, Ct);

        // Assert: the write happened once, nothing was proposed again, and the rest of the intent waits, visibly degraded.
        Assert.NotNull(resumed);
        Assert.Empty(resumed.Proposals);
        Assert.True(resumed.Degraded);
        Assert.Contains("waits for the operator", resumed.DeferredReason, StringComparison.Ordinal);
        Assert.Equal(1, harness.Connector.Effects.Count(e => e.Capability == "notes.write"));
        Assert.Empty(await harness.Approvals.ListPendingAsync(Ct));
        List<JournalEvent> events = await harness.EventsAsync();
        Assert.Single(events, e => e.Type == JournalEventTypes.ProposalCreated);
        Assert.Contains(events, e => e.Type == JournalEventTypes.IntentDeferred);
        Assert.NotNull(await harness.Memory.GetAsync($"intent/{intent.Id}", "deferred", Ct));
    }

    [Fact]
    public async Task StillPendingApproval_DoesNotResume()
    {
        var model = new ScriptedChatClient()
            .EnqueueToolCall("notes__write", new Dictionary<string, object?> { ["text"] = "hello" })
            .EnqueueText("Waiting.");
        await using KernelHarness harness = Harness(model);
        Intent intent = harness.Intent("note.requested");
        _ = await harness.Kernel.SubmitAsync(intent, Ct);

        Assert.Null(await harness.Services.GetRequiredService<AgentRunResumer>().TryResumeAsync(intent.Id, Ct));
        Assert.Equal(2, model.Calls.Count);
    }

    [Fact]
    public async Task Rejection_IsToldToTheModelAsNotDone()
    {
        var model = new ScriptedChatClient()
            .EnqueueToolCall("notes__write", new Dictionary<string, object?> { ["text"] = "hello" }, "call-9")
            .EnqueueText("Waiting.")
            .EnqueueText("Understood.");
        await using KernelHarness harness = Harness(model);
        Intent intent = harness.Intent("note.requested");
        IntentResult first = await harness.Kernel.SubmitAsync(intent, Ct);

        _ = await harness.Approvals.RejectAsync(first.Proposals[0].ApprovalId!, "operator", "wrong student", Ct);
        AgentRun? resumed = await harness.Services.GetRequiredService<AgentRunResumer>().TryResumeAsync(intent.Id, Ct);

        Assert.Equal("Understood.", resumed!.Response);
        Assert.Contains("rejected (wrong student). It was not done.", LastUserText(model.Calls[2]), StringComparison.Ordinal);
        Assert.Equal(0, harness.Connector.ExecuteCalls);
    }

    [Fact]
    public async Task AfterARestart_TheHostedServiceResumesRunsDecidedWhileTheHostWasDown()
    {
        var memory = new InMemoryMemoryStore(TimeProvider.System);
        var approvals = new InMemoryApprovalStore();
        var before = new ScriptedChatClient()
            .EnqueueToolCall("notes__write", new Dictionary<string, object?> { ["text"] = "hello" }, "call-1")
            .EnqueueText("Waiting.");
        Intent intent;
        await using (KernelHarness first = Harness(before, memory, approvals))
        {
            intent = first.Intent("note.requested");
            IntentResult result = await first.Kernel.SubmitAsync(intent, Ct);
            _ = await first.Approvals.ApproveAsync(result.Proposals[0].ApprovalId!, "operator", cancellationToken: Ct);
        }

        var after = new ScriptedChatClient().EnqueueText("Picked up where I left off.");
        await using KernelHarness second = Harness(after, memory, approvals);
        IHostedService service = second.Services.GetServices<IHostedService>().OfType<AgentRunResumeService>().Single();
        await service.StartAsync(Ct);
        for (int i = 0; i < 500 && after.Calls.Count == 0; i++)
        {
            await Task.Delay(10, Ct);
        }

        await service.StopAsync(Ct);
        ScriptedChatCall call = Assert.Single(after.Calls);
        Assert.Contains("approved and done", LastUserText(call), StringComparison.Ordinal);
        Assert.Equal(0, second.Connector.ExecuteCalls);
        Assert.Empty(await second.Services.GetRequiredService<AgentRunResumer>().ListWaitingAsync(Ct));
    }

    [Fact]
    public async Task PendingApproval_IsCheckpointedBeforeTheNextModelCall_SoACrashThenDoesNotLoseTheRun()
    {
        // Arrange: the run asks for an approval, then the host dies while the model is writing its next answer.
        var memory = new InMemoryMemoryStore(TimeProvider.System);
        var approvals = new InMemoryApprovalStore();
        using var crash = new CancellationTokenSource();
        MemoryRecord? checkpointDuringTheNextCall = null;
        var model = new ScriptedChatClient();
        Intent intent;
        Task<IntentResult> crashed;
        await using (KernelHarness first = Harness(model, memory, approvals))
        {
            intent = first.Intent("note.requested");
            model.GetResponseAsyncCallback = async (messages, _, token) =>
            {
                if (!messages.Any(m => m.Role == ChatRole.Tool))
                {
                    return new ChatResponse(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("call-1", "notes__write", new Dictionary<string, object?> { ["text"] = "hello" })]));
                }

                checkpointDuringTheNextCall = await memory.GetAsync($"agent-run/{intent.Id}", "checkpoint", CancellationToken.None);
                await Task.Delay(Timeout.Infinite, token);
                throw new InvalidOperationException("unreachable");
            };
            crashed = first.Kernel.SubmitAsync(intent, crash.Token);
            await WaitUntilAsync(() => model.Calls.Count == 2);
            Assert.Empty(await first.Services.GetRequiredService<AgentRunResumer>().ListWaitingAsync(Ct));
        }

        await crash.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => crashed);
        Assert.NotNull(checkpointDuringTheNextCall);
        ApprovalRequest pending = Assert.Single(await approvals.ListAsync(ApprovalStatus.Pending, Ct));

        // Act: another host starts; the operator approves; once the dead run's lease has run out, the run continues there.
        var after = new ScriptedChatClient().EnqueueText("Picked up after the crash.");
        await using KernelHarness second = Harness(after, memory, approvals);
        _ = await second.Approvals.ApproveAsync(pending.Id, "operator", cancellationToken: Ct);
        var resumer = second.Services.GetRequiredService<AgentRunResumer>();
        Assert.Null(await resumer.TryResumeAsync(intent.Id, Ct));
        second.Clock.Advance(TimeSpan.FromHours(1));
        AgentRun? resumed = await resumer.TryResumeAsync(intent.Id, Ct);

        // Assert
        Assert.Equal("Picked up after the crash.", resumed?.Response);
        Assert.Contains("notes.write (call call-1): approved and done", LastUserText(Assert.Single(after.Calls)), StringComparison.Ordinal);
        Assert.Equal(1, second.Connector.Effects.Count(e => e.Capability == "notes.write"));
        Assert.Empty(await resumer.ListWaitingAsync(Ct));
    }

    [Fact]
    public async Task HostDiesMidResume_TheRunIsListedAgainOnceItsLeaseRunsOut_AndASecondHostResumesItExactlyOnce()
    {
        // Arrange: a run waits on an approval; the operator approves; the first host dies while the resumed run waits on the model.
        var memory = new InMemoryMemoryStore(TimeProvider.System);
        var approvals = new InMemoryApprovalStore();
        using var crash = new CancellationTokenSource();
        var before = new ScriptedChatClient()
            .EnqueueToolCall("notes__write", new Dictionary<string, object?> { ["text"] = "hello" }, "call-1")
            .EnqueueText("Waiting.");
        Intent intent;
        int effectsBefore;
        Task<AgentRun?> resuming;
        await using (KernelHarness first = Harness(before, memory, approvals))
        {
            intent = first.Intent("note.requested");
            IntentResult result = await first.Kernel.SubmitAsync(intent, Ct);
            _ = await first.Approvals.ApproveAsync(result.Proposals[0].ApprovalId!, "operator", cancellationToken: Ct);
            effectsBefore = first.Connector.Effects.Count;
            before.GetResponseAsyncCallback = async (_, _, token) =>
            {
                await Task.Delay(Timeout.Infinite, token);
                throw new InvalidOperationException("unreachable");
            };
            resuming = first.Services.GetRequiredService<AgentRunResumer>().TryResumeAsync(intent.Id, crash.Token);
            await WaitUntilAsync(() => before.Calls.Count == 3);
        }

        await crash.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => resuming);

        // Act: a second host sees the run only once the dead host's lease has run out, and two resumers race for it.
        var after = new ScriptedChatClient() { GetResponseAsyncCallback = (_, _, _) => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "Picked up."))) };
        await using KernelHarness second = Harness(after, memory, approvals);
        var resumer = second.Services.GetRequiredService<AgentRunResumer>();
        Assert.Empty(await resumer.ListWaitingAsync(Ct));
        second.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal([intent.Id], await resumer.ListWaitingAsync(Ct));
        AgentRun?[] raced = await Task.WhenAll(resumer.TryResumeAsync(intent.Id, Ct), resumer.TryResumeAsync(intent.Id, Ct));

        // Assert
        Assert.Single(raced, r => r is not null);
        ScriptedChatCall call = Assert.Single(after.Calls);
        Assert.Contains("approved and done", LastUserText(call), StringComparison.Ordinal);
        Assert.Equal(1, effectsBefore);
        Assert.Equal(0, second.Connector.ExecuteCalls);
        Assert.Empty(await resumer.ListWaitingAsync(Ct));
        Assert.Null(await resumer.TryResumeAsync(intent.Id, Ct));
    }

    [Fact]
    public async Task HostDiesMidRound_ACallThatRoundAlreadyMade_IsNotDoneAgainWhenTheRoundIsAskedAgain()
    {
        // Arrange: a resumed run's round makes two calls, and the host dies during the second, before the round's checkpoint.
        var memory = new InMemoryMemoryStore(TimeProvider.System);
        var approvals = new InMemoryApprovalStore();
        (RecordingConnector connector, StrongBox<bool> hang) = ConnectorThatHangsOnPageTwo();
        using var crash = new CancellationTokenSource();
        static ChatResponse TwoReads(string firstCallId, string secondCallId) => new(new ChatMessage(ChatRole.Assistant,
        [
            new FunctionCallContent(firstCallId, "notes__read", new Dictionary<string, object?> { ["page"] = 1, ["book"] = "log" }),
            new FunctionCallContent(secondCallId, "notes__read", new Dictionary<string, object?> { ["page"] = 2, ["book"] = "log" }),
        ]));
        var before = new ScriptedChatClient()
            .EnqueueToolCall("notes__write", new Dictionary<string, object?> { ["text"] = "hello" }, "call-1")
            .EnqueueText("Waiting.")
            .Enqueue(TwoReads("call-2", "call-3"));
        Intent intent;
        Task<AgentRun?> resuming;
        await using (KernelHarness first = Harness(before, memory, approvals, connector: connector))
        {
            intent = first.Intent("note.requested");
            IntentResult result = await first.Kernel.SubmitAsync(intent, Ct);
            _ = await first.Approvals.ApproveAsync(result.Proposals[0].ApprovalId!, "operator", cancellationToken: Ct);
            resuming = first.Services.GetRequiredService<AgentRunResumer>().TryResumeAsync(intent.Id, crash.Token);
            await WaitUntilAsync(() => connector.ExecuteCalls == 3);
        }

        await crash.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => resuming);
        Assert.Equal(2, connector.Effects.Count);

        // Act: once the lease runs out, another host resumes from the last checkpoint; the model makes the same round's calls again
        // (the arguments written in another order, as a model may).
        hang.Value = false;
        var after = new ScriptedChatClient()
            .Enqueue(new ChatResponse(new ChatMessage(ChatRole.Assistant,
            [
                new FunctionCallContent("call-4", "notes__read", new Dictionary<string, object?> { ["book"] = "log", ["page"] = 1 }),
                new FunctionCallContent("call-5", "notes__read", new Dictionary<string, object?> { ["book"] = "log", ["page"] = 2 }),
            ])))
            .EnqueueText("Both pages read.");
        await using KernelHarness second = Harness(after, memory, approvals, connector: connector);
        second.Clock.Advance(TimeSpan.FromHours(1));
        AgentRun? resumed = await second.Services.GetRequiredService<AgentRunResumer>().TryResumeAsync(intent.Id, Ct);

        // Assert: the first page was read once (the executor found its token done), the second once, after the crash.
        Assert.Equal("Both pages read.", resumed?.Response);
        Assert.Single(connector.Effects, e => e.Capability == "notes.read" && e.Arguments.GetProperty("page").GetInt32() == 1);
        Assert.Single(connector.Effects, e => e.Capability == "notes.read" && e.Arguments.GetProperty("page").GetInt32() == 2);
        Assert.Equal(3, connector.Effects.Count);
        Assert.All(resumed!.Proposals, p => Assert.Equal(ProposalStatus.Executed, p.Status));
    }

    [Fact]
    public async Task IntentDeliveredAgainAfterACrash_TheSameCallsFindTheirApprovalAndEffect_NothingIsAskedOrDoneTwice()
    {
        // Arrange: the first round asks for an approval and reads a page; the host dies during the read, before any checkpoint.
        var memory = new InMemoryMemoryStore(TimeProvider.System);
        var approvals = new InMemoryApprovalStore();
        (RecordingConnector connector, StrongBox<bool> hang) = ConnectorThatHangsOnPageTwo();
        static ChatResponse Round() => new(new ChatMessage(ChatRole.Assistant,
        [
            new FunctionCallContent("call-1", "notes__write", new Dictionary<string, object?> { ["text"] = "hello" }),
            new FunctionCallContent("call-2", "notes__read", new Dictionary<string, object?> { ["page"] = 2 }),
        ]));
        using var crash = new CancellationTokenSource();
        Intent intent;
        Task<IntentResult> crashed;
        await using (KernelHarness first = Harness(new ScriptedChatClient().Enqueue(Round()), memory, approvals, connector: connector))
        {
            intent = first.Intent("note.requested");
            crashed = first.Kernel.SubmitAsync(intent, crash.Token);
            await WaitUntilAsync(() => connector.ExecuteCalls == 1);
        }

        await crash.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => crashed);
        ApprovalRequest asked = Assert.Single(await approvals.ListAsync(ApprovalStatus.Pending, Ct));

        // Act: the intent's source delivers it again to a new host, whose model plans the same round.
        hang.Value = false;
        var again = new ScriptedChatClient().Enqueue(Round()).EnqueueText("Waiting for the operator.");
        await using KernelHarness second = Harness(again, memory, approvals, connector: connector);
        IntentResult result = await second.Kernel.SubmitAsync(intent, Ct);

        // Assert: the write waits on the request the first host made, and the page was read once.
        Assert.Equal(asked.Id, Assert.Single(await approvals.ListAsync(ApprovalStatus.Pending, Ct)).Id);
        Assert.Equal([ProposalStatus.PendingApproval, ProposalStatus.Executed], result.Proposals.Select(p => p.Status));
        Assert.Equal(asked.Id, result.Proposals[0].ApprovalId);
        Assert.Single(connector.Effects);
        Assert.Contains("Pending: waiting for operator approval", again.Calls[1].Messages.Last(m => m.Role == ChatRole.Tool).Contents.OfType<FunctionResultContent>().First().Result?.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task IntentDeliveredAgain_ACallTheOperatorRejected_IsNotAskedAgain_AndTheModelIsToldSo()
    {
        var model = new ScriptedChatClient()
            .EnqueueToolCall("notes__write", new Dictionary<string, object?> { ["text"] = "hello" }, "call-1")
            .EnqueueText("Waiting.")
            .EnqueueToolCall("notes__write", new Dictionary<string, object?> { ["text"] = "hello" }, "call-1")
            .EnqueueText("Understood.");
        await using KernelHarness harness = Harness(model);
        Intent intent = harness.Intent("note.requested");
        IntentResult first = await harness.Kernel.SubmitAsync(intent, Ct);
        _ = await harness.Approvals.RejectAsync(first.Proposals[0].ApprovalId!, "operator", "not today", Ct);

        IntentResult again = await harness.Kernel.SubmitAsync(intent, Ct);

        ProposalResult refused = Assert.Single(again.Proposals);
        Assert.Equal(ProposalStatus.Denied, refused.Status);
        Assert.Contains("rejected it (not today)", refused.Error, StringComparison.Ordinal);
        Assert.Empty(await harness.Approvals.ListPendingAsync(Ct));
        Assert.Empty(harness.Connector.Effects);
    }

    [Fact]
    public async Task LeaseMargin_IsAddedToTheLongestModelCall_AndMustBePositive()
    {
        await using var harness = new KernelHarness(configure: o =>
        {
            o.AgentRunLeaseMargin = TimeSpan.FromSeconds(90);
            (o.Models.CallTimeout, o.Models.MaxRetries, o.Models.MaxRetryAfter) = (TimeSpan.FromSeconds(20), 2, TimeSpan.FromSeconds(5));
        });
        await using var invalid = new KernelHarness(configure: o => o.AgentRunLeaseMargin = TimeSpan.Zero);

        TimeSpan lease = harness.Services.GetRequiredService<AgentRunCheckpoints>().LeaseDuration;
        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => invalid.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<OperatorOsOptions>>().Value);

        Assert.Equal(TimeSpan.FromSeconds(90 + (20 * 3) + (5 * 2)), lease);
        Assert.Contains(nameof(OperatorOsOptions.AgentRunLeaseMargin), error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ApprovalStatus.Approved, "Pending: approved by the operator, not executed yet", ProposalStatus.PendingApproval)]
    [InlineData(ApprovalStatus.Expired, "Not done: its approval request expired before the operator decided.", ProposalStatus.Denied)]
    [InlineData(ApprovalStatus.Rejected, "Not done: the operator rejected it (no reason given).", ProposalStatus.Denied)]
    public async Task IntentDeliveredAgain_ACallWhoseRequestWasSettledWithoutAnOutcome_IsToldAsItStands_AndJournaled(ApprovalStatus settled, string told, ProposalStatus status)
    {
        var model = new ScriptedChatClient()
            .EnqueueToolCall("notes__write", new Dictionary<string, object?> { ["text"] = "hello" }, "call-1")
            .EnqueueText("Waiting.")
            .EnqueueToolCall("notes__write", new Dictionary<string, object?> { ["text"] = "hello" }, "call-1")
            .EnqueueText("Noted.");
        var approvals = new InMemoryApprovalStore();
        await using KernelHarness harness = Harness(model, approvals: approvals);
        Intent intent = harness.Intent("note.requested");
        ApprovalRequest asked = (await approvals.GetAsync((await harness.Kernel.SubmitAsync(intent, Ct)).Proposals[0].ApprovalId!, Ct))!;
        Assert.True(await approvals.TryUpdateAsync(asked with { Status = settled, DecidedBy = "operator" }, ApprovalStatus.Pending, Ct));

        IntentResult again = await harness.Kernel.SubmitAsync(intent, Ct);

        Assert.Equal(status, Assert.Single(again.Proposals).Status);
        Assert.Equal(asked.Id, again.Proposals[0].ApprovalId);
        Assert.StartsWith(told, model.Calls[3].Messages.Last(m => m.Role == ChatRole.Tool).Contents.OfType<FunctionResultContent>().Single().Result?.ToString(), StringComparison.Ordinal);
        Assert.Empty(harness.Connector.Effects);
        JournalEvent repeated = Assert.Single(await harness.EventsAsync(), e => e.Type == JournalEventTypes.AgentToolCallRepeated);
        Assert.Equal(asked.Id, repeated.Payload.GetProperty("approvalId").GetString());
        Assert.Equal(settled.ToString(), repeated.Payload.GetProperty("status").GetString());
    }

    [Fact]
    public async Task IntentDeliveredAgain_ACallTheOperatorCorrectedAndApproved_IsDoneOnce_WithTheCorrection()
    {
        var model = new ScriptedChatClient()
            .EnqueueToolCall("notes__write", new Dictionary<string, object?> { ["text"] = "helo" }, "call-1")
            .EnqueueText("Waiting.")
            .EnqueueToolCall("notes__write", new Dictionary<string, object?> { ["text"] = "helo" }, "call-1")
            .EnqueueText("Noted.");
        await using KernelHarness harness = Harness(model);
        Intent intent = harness.Intent("note.requested");
        string approvalId = (await harness.Kernel.SubmitAsync(intent, Ct)).Proposals[0].ApprovalId!;
        _ = await harness.Approvals.ApproveAsync(approvalId, "operator", TestJson.Parse("""{"text":"hello"}"""), Ct);

        IntentResult again = await harness.Kernel.SubmitAsync(intent, Ct);

        ProposalResult done = Assert.Single(again.Proposals);
        Assert.Equal(ProposalStatus.Executed, done.Status);
        Assert.Equal("hello", done.Proposal.Arguments.GetProperty("text").GetString());
        Assert.Equal("hello", Assert.Single(harness.Connector.Effects).Arguments.GetProperty("text").GetString());
    }

    [Fact]
    public async Task SameCallInTheSameRound_IsTwoOperations_AndARoundLaterIsAnother()
    {
        // Arrange: the model writes the same note twice in one round, then again in the next.
        var model = new ScriptedChatClient()
            .Enqueue(new ChatResponse(new ChatMessage(ChatRole.Assistant,
            [
                new FunctionCallContent("call-1", "notes__read", new Dictionary<string, object?> { ["page"] = 1 }),
                new FunctionCallContent("call-2", "notes__read", new Dictionary<string, object?> { ["page"] = 1 }),
            ])))
            .EnqueueToolCall("notes__read", new Dictionary<string, object?> { ["page"] = 1 }, "call-3")
            .EnqueueText("Read three times.");
        await using KernelHarness harness = Harness(model);

        // Act
        IntentResult result = await harness.Kernel.SubmitAsync(harness.Intent("note.requested"), Ct);

        // Assert: three calls, three tokens, three effects.
        Assert.Equal(3, result.Proposals.Count);
        Assert.Equal(3, harness.Connector.Effects.Select(e => e.Token).Distinct().Count());
        Assert.All(harness.Connector.Effects, e => Assert.StartsWith("agent:", e.Token.Value, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ApprovalDecidedWhileTheRunStillRuns_IsResumedOnceTheRunStartsWaiting()
    {
        // Arrange: the operator approves while the model is still writing its last answer of the first run.
        var model = new ScriptedChatClient();
        await using KernelHarness harness = Harness(model);
        IHostedService service = harness.Services.GetServices<IHostedService>().OfType<AgentRunResumeService>().Single();
        await service.StartAsync(Ct);
        model.GetResponseAsyncCallback = async (messages, _, _) =>
        {
            switch (model.Calls.Count)
            {
                case 1:
                    return new ChatResponse(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("call-1", "notes__write", new Dictionary<string, object?> { ["text"] = "hello" })]));
                case 2:
                    ApprovalRequest pending = Assert.Single(await harness.Approvals.ListPendingAsync(Ct));
                    _ = await harness.Approvals.ApproveAsync(pending.Id, "operator", cancellationToken: Ct);
                    return new ChatResponse(new ChatMessage(ChatRole.Assistant, "Waiting for the operator."));
                default:
                    return new ChatResponse(new ChatMessage(ChatRole.Assistant, "Continued after the approval."));
            }
        };

        // Act
        _ = await harness.Kernel.SubmitAsync(harness.Intent("note.requested"), Ct);
        await WaitUntilAsync(() => model.Calls.Count == 3);
        await service.StopAsync(Ct);

        // Assert
        Assert.Contains("approved and done", LastUserText(model.Calls[2]), StringComparison.Ordinal);
        Assert.Equal(1, harness.Connector.Effects.Count(e => e.Capability == "notes.write"));
    }

    [Fact]
    public async Task ResumedRun_ThatFinishes_IsNotListedAgain_EvenAfterItsLeaseWouldHaveRunOut()
    {
        var model = new ScriptedChatClient()
            .EnqueueToolCall("notes__write", new Dictionary<string, object?> { ["text"] = "hello" }, "call-1")
            .EnqueueText("Waiting.")
            .EnqueueText("Done.");
        await using KernelHarness harness = Harness(model);
        Intent intent = harness.Intent("note.requested");
        IntentResult first = await harness.Kernel.SubmitAsync(intent, Ct);
        _ = await harness.Approvals.ApproveAsync(first.Proposals[0].ApprovalId!, "operator", cancellationToken: Ct);
        var resumer = harness.Services.GetRequiredService<AgentRunResumer>();

        Assert.Equal("Done.", (await resumer.TryResumeAsync(intent.Id, Ct))?.Response);
        harness.Clock.Advance(TimeSpan.FromDays(1));

        Assert.Empty(await resumer.ListWaitingAsync(Ct));
        Assert.Null(await resumer.TryResumeAsync(intent.Id, Ct));
        Assert.Equal(3, model.Calls.Count);
    }

    [Fact]
    public void Codec_RoundTripsTheConversation_WithStableNamesOnly()
    {
        var intent = new Intent("i-1", "note.requested", JsonDocument.Parse("""{"student":"42"}""").RootElement, "email", TrustLevel.Untrusted, "c-1", DateTimeOffset.UnixEpoch);
        var checkpoint = new AgentRunCheckpoint("scribe", "large", intent, 2, true, [new PendingToolCall("call-1", "apr_1", "notes.write")],
        [
            new ChatMessage(ChatRole.System, "You keep notes."),
            new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("call-1", "notes__write", new Dictionary<string, object?> { ["text"] = "hi" })]),
            new ChatMessage(ChatRole.Tool, [new FunctionResultContent("call-1", "Pending: waiting for operator approval")]),
        ]);

        JsonElement json = AgentRunCheckpointCodec.Write(checkpoint);
        AgentRunCheckpoint read = AgentRunCheckpointCodec.Read(json, "test");

        Assert.DoesNotContain("Version=", json.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("OperatorOs.Kernel,", json.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(("scribe", "large", 2, true), (read.Agent, read.Tier, read.Iterations, read.Escalated));
        Assert.Equal(TrustLevel.Untrusted, read.Intent.Trust);
        Assert.Equal("42", read.Intent.Payload.GetProperty("student").GetString());
        Assert.Equal(checkpoint.Pending, read.Pending);
        Assert.Equal(3, read.Messages.Count);
        Assert.Equal("call-1", read.Messages[1].Contents.OfType<FunctionCallContent>().Single().CallId);
        Assert.Equal("Pending: waiting for operator approval", read.Messages[2].Contents.OfType<FunctionResultContent>().Single().Result?.ToString());
    }

    [Fact]
    public void Codec_ReadsACheckpointWrittenByAnEarlierBuild()
    {
        // Written by an earlier release; only stable names, so any later build reads it.
        const string Stored = """
            {"type":"operatoros.agent-run","schema":1,"agent":"scribe","tier":"small","iterations":1,"escalated":false,
             "intent":{"id":"i-7","name":"note.requested","source":"email","trust":"Untrusted","correlationId":"c-7","createdAt":"2026-09-01T09:00:00+00:00","payload":{}},
             "pending":[{"callId":"call-1","approvalId":"apr_7","capability":"notes.write"}],
             "messages":[{"role":"user","contents":[{"$type":"text","text":"Please note this."}]}]}
            """;

        AgentRunCheckpoint read = AgentRunCheckpointCodec.Read(JsonDocument.Parse(Stored).RootElement, "stored");

        Assert.Equal("i-7", read.Intent.Id);
        Assert.Equal("Please note this.", Assert.Single(read.Messages).Text);
    }

    [Theory]
    [InlineData("""{"type":"something-else","schema":1}""", "not an agent-run checkpoint")]
    [InlineData("""{"type":"operatoros.agent-run","schema":99}""", "schema 99 is newer")]
    [InlineData("""{"type":"operatoros.agent-run","schema":1,"agent":"scribe"}""", "malformed")]
    public void Codec_RefusesWhatItCannotRead_SayingWhere(string json, string expected)
    {
        InvalidDataException error = Assert.Throws<InvalidDataException>(() => AgentRunCheckpointCodec.Read(JsonDocument.Parse(json).RootElement, "memory agent-run/x"));

        Assert.StartsWith("memory agent-run/x", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    private sealed class PlanStrategy(params AgentToolCall[] calls) : IAgentStrategy
    {
        public ValueTask<IReadOnlyList<AgentToolCall>> PlanAsync(Intent intent, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult<IReadOnlyList<AgentToolCall>>(calls);
    }
}
