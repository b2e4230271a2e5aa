using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using OperatorOs.Testing;

namespace OperatorOs.Kernel.Tests.Agents;

public class AgentRuntimeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static AgentRole Scribe(IAgentStrategy? strategy = null) => new("scribe", "You keep notes.")
    {
        GrantedCapabilities = ["notes.read", "notes.write"],
        DeterministicStrategy = strategy,
        MaxToolIterations = 3,
    };

    private static KernelHarness Harness(ScriptedChatClient? model, AgentRole role) =>
        new(model: model, build: b => b.AddAgent(role).MapIntentToAgent("note.requested", role.Name));

    [Fact]
    public async Task SubmitAsync_ModelCallsCapabilityNotGranted_IsDeniedAndNothingExecutes()
    {
        // Arrange
        var model = new ScriptedChatClient()
            .EnqueueToolCall("billing__refund", new Dictionary<string, object?> { ["amount"] = 500 })
            .EnqueueText("I tried.");
        await using KernelHarness harness = Harness(model, Scribe());

        // Act
        IntentResult result = await harness.Kernel.SubmitAsync(harness.Intent("note.requested"), Ct);

        // Assert
        ProposalResult proposal = Assert.Single(result.Proposals);
        Assert.Equal("billing.refund", proposal.Proposal.Capability);
        Assert.Equal(ProposalStatus.Denied, proposal.Status);
        Assert.Equal("scope.not-granted", proposal.Evaluation!.Decision.RuleId);
        Assert.Equal(0, harness.Connector.ExecuteCalls);
        Assert.Empty(await harness.Approvals.ListPendingAsync(Ct));
    }

    [Fact]
    public async Task SubmitAsync_ModelCallsUnknownTool_IsDeniedAsUnknownCapability()
    {
        var model = new ScriptedChatClient()
            .EnqueueToolCall("shell__exec", new Dictionary<string, object?> { ["cmd"] = "rm -rf /" })
            .EnqueueText("ok");
        await using KernelHarness harness = Harness(model, Scribe());

        IntentResult result = await harness.Kernel.SubmitAsync(harness.Intent("note.requested"), Ct);

        Assert.Equal("capability.unknown", Assert.Single(result.Proposals).Evaluation!.Decision.RuleId);
        Assert.Equal(0, harness.Connector.ExecuteCalls);
    }

    [Fact]
    public async Task SubmitAsync_PendingApproval_IsReportedToTheModelAsPendingNotDone()
    {
        var model = new ScriptedChatClient()
            .EnqueueToolCall("notes__write", new Dictionary<string, object?> { ["text"] = "hello" }, "call-1")
            .EnqueueText("Queued for the operator.");
        await using KernelHarness harness = Harness(model, Scribe());

        IntentResult result = await harness.Kernel.SubmitAsync(harness.Intent("note.requested"), Ct);

        Assert.Equal(ProposalStatus.PendingApproval, Assert.Single(result.Proposals).Status);
        Assert.Equal("Queued for the operator.", result.Response);
        FunctionResultContent toolResult = model.Calls[1].Messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>().Single();
        Assert.Equal("call-1", toolResult.CallId);
        Assert.StartsWith("Pending", toolResult.Result as string, StringComparison.Ordinal);
        Assert.Contains("NOT been done", toolResult.Result as string, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubmitAsync_Model_SeesOnlyGrantedCapabilitiesAsTools()
    {
        var model = new ScriptedChatClient().EnqueueText("nothing to do");
        await using KernelHarness harness = Harness(model, Scribe());

        await harness.Kernel.SubmitAsync(harness.Intent("note.requested"), Ct);

        ChatOptions options = model.Calls[0].Options!;
        Assert.Equal(["notes__read", "notes__write"], options.Tools!.Select(t => t.Name).Order());
        Assert.Equal("You keep notes.", model.Calls[0].Messages[0].Text);
    }

    [Fact]
    public async Task SubmitAsync_ModelKeepsCallingTools_StopsAtTheIterationBound()
    {
        var model = new ScriptedChatClient
        {
            GetResponseAsyncCallback = (_, _, _) => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant,
                [new FunctionCallContent(Guid.NewGuid().ToString("n"), "notes__read", new Dictionary<string, object?>())]))),
        };
        await using KernelHarness harness = Harness(model, Scribe());

        IntentResult result = await harness.Kernel.SubmitAsync(harness.Intent("note.requested"), Ct);

        Assert.Equal(3, model.Calls.Count);
        Assert.Equal(3, result.Proposals.Count);
        Assert.All(result.Proposals, p => Assert.Equal(ProposalStatus.Executed, p.Status));

        // It never finished: what is left waits for the operator, and the run says it is degraded.
        Assert.True(result.Degraded);
        Assert.Contains("3 tool rounds", result.DeferredReason, StringComparison.Ordinal);
        Assert.NotNull(await harness.Memory.GetAsync($"intent/{result.Intent.Id}", "deferred", Ct));
        Assert.Contains(JournalEventTypes.IntentDeferred, (await harness.EventsAsync()).Select(e => e.Type));
        Assert.Equal(OperatorMode.Degraded, harness.Services.GetRequiredService<IOperatorStatus>().GetStatus().Mode);
    }

    [Fact]
    public async Task SubmitAsync_ToolLoopLimitWithAPendingApproval_WaitsForTheOperatorAndLeavesNoRunToResume()
    {
        var model = new ScriptedChatClient
        {
            GetResponseAsyncCallback = (_, _, _) => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant,
                [new FunctionCallContent(Guid.NewGuid().ToString("n"), "notes__write", new Dictionary<string, object?> { ["text"] = "again" })]))),
        };
        await using KernelHarness harness = Harness(model, Scribe());

        IntentResult result = await harness.Kernel.SubmitAsync(harness.Intent("note.requested"), Ct);

        Assert.Equal(3, result.Proposals.Count);
        Assert.NotNull(result.DeferredReason);
        Assert.Equal(3, (await harness.Approvals.ListPendingAsync(Ct)).Count);
        Assert.Empty(await harness.Services.GetRequiredService<AgentRunResumer>().ListWaitingAsync(Ct));
    }

    [Fact]
    public async Task SubmitAsync_UntrustedIntent_TaintsTheProposal()
    {
        var model = new ScriptedChatClient()
            .EnqueueToolCall("notes__read", new Dictionary<string, object?>())
            .EnqueueText("done");
        await using KernelHarness harness = Harness(model, Scribe());

        IntentResult result = await harness.Kernel.SubmitAsync(harness.Intent("note.requested", trust: TrustLevel.Untrusted), Ct);

        ActionProposal proposal = Assert.Single(result.Proposals).Proposal;
        Assert.Equal(TrustLevel.Untrusted, proposal.Taint);
        Assert.Equal("scripted-model", proposal.ModelId);
        Assert.Equal([$"intent/{result.Intent.Id}"], proposal.InputReferences);
    }

    [Fact]
    public async Task SubmitAsync_NoModel_UsesTheDeterministicStrategy()
    {
        var strategy = new PlanStrategy(intent => [new AgentToolCall("notes.read", intent.Payload) { Rationale = "look it up", Confidence = 0.9 }]);
        await using KernelHarness harness = Harness(model: null, Scribe(strategy));

        IntentResult result = await harness.Kernel.SubmitAsync(harness.Intent("note.requested", """{"id":7}"""), Ct);

        ProposalResult proposal = Assert.Single(result.Proposals);
        Assert.Equal(ProposalStatus.Executed, proposal.Status);
        Assert.Null(proposal.Proposal.ModelId);
        Assert.Equal(0.9, proposal.Proposal.Confidence);
        Assert.StartsWith("Offline", result.Response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubmitAsync_NoModelAndNoStrategy_ProposesNothingAndSaysItIsOffline()
    {
        await using KernelHarness harness = Harness(model: null, Scribe());

        IntentResult result = await harness.Kernel.SubmitAsync(harness.Intent("note.requested"), Ct);

        Assert.Empty(result.Proposals);
        Assert.Contains("waits for the operator", result.Response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubmitAsync_KeyedModel_UsesTheRolesModelKey()
    {
        var small = new ScriptedChatClient("small-model").EnqueueText("from small");
        AgentRole role = new("scribe", "x") { ModelKey = "small" };
        await using var harness = new KernelHarness(build: b =>
        {
            b.Services.AddKeyedSingleton<IChatClient>("small", small);
            b.AddAgent(role).MapIntentToAgent("note.requested", "scribe");
        });

        IntentResult result = await harness.Kernel.SubmitAsync(harness.Intent("note.requested"), Ct);

        Assert.Equal("from small", result.Response);
        Assert.Single(small.Calls);
    }

    [Fact]
    public async Task SubmitAsync_RoleWithContextBudget_GivesTheModelItsScopedMemoryAndSimilarRecords()
    {
        // Arrange
        var model = new ScriptedChatClient().EnqueueText("answered");
        AgentRole role = new("triage", "Answer students.") { MemoryScopes = ["student/{student}", "course", "cohort/{missing}"], ContextTokenBudget = 400 };
        await using var harness = new KernelHarness(model: model, build: b => b.AddMemorySearch().AddAgent(role).MapIntentToAgent("student.question", "triage"));
        var operatorSays = new Provenance(ActorKind.Operator, "operator");
        await harness.Memory.WriteAsync(new MemoryWrite("student/42", "enrollment", MemoryKind.Fact, TestJson.Parse("\"active since week 1\""), operatorSays), Ct);
        await harness.Memory.WriteAsync(new MemoryWrite("student/7", "enrollment", MemoryKind.Fact, TestJson.Parse("\"refunded\""), operatorSays), Ct);
        await harness.Memory.WriteAsync(new MemoryWrite("course", "faq/deadline", MemoryKind.Fact, TestJson.Parse("\"Assignments are due Sunday at 23:59 UTC.\""), operatorSays), Ct);

        // Act
        await harness.Kernel.SubmitAsync(harness.Intent("student.question", """{"student":"42","text":"when is the assignment due?"}"""), Ct);

        // Assert
        IReadOnlyList<ChatMessage> sent = model.Calls[0].Messages;
        Assert.Equal([ChatRole.System, ChatRole.System, ChatRole.User], sent.Select(m => m.Role));
        string context = sent[1].Text;
        Assert.Contains("student/42 enrollment: active since week 1", context, StringComparison.Ordinal);
        Assert.Contains("course faq/deadline: Assignments are due Sunday", context, StringComparison.Ordinal);
        Assert.True(context.IndexOf("student/42", StringComparison.Ordinal) < context.IndexOf("faq/deadline", StringComparison.Ordinal));
        Assert.DoesNotContain("student/7", context, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubmitAsync_RoleWithoutContextBudget_SendsNoMemory()
    {
        var model = new ScriptedChatClient().EnqueueText("ok");
        await using var harness = new KernelHarness(model: model, build: b => b.AddMemorySearch().AddAgent(new AgentRole("triage", "x")).MapIntentToAgent("student.question", "triage"));
        await harness.Memory.WriteAsync(new MemoryWrite("course", "faq", MemoryKind.Fact, TestJson.Parse("1"), new Provenance(ActorKind.Operator, "op")), Ct);

        await harness.Kernel.SubmitAsync(harness.Intent("student.question", """{"text":"faq"}"""), Ct);

        Assert.Equal([ChatRole.System, ChatRole.User], model.Calls[0].Messages.Select(m => m.Role));
    }

    [Fact]
    public void AgentRole_NonPositiveContextBudget_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new AgentRole("a", "x") { ContextTokenBudget = 0 });

    private sealed class PlanStrategy(Func<Intent, IReadOnlyList<AgentToolCall>> plan) : IAgentStrategy
    {
        public ValueTask<IReadOnlyList<AgentToolCall>> PlanAsync(Intent intent, CancellationToken cancellationToken = default) => ValueTask.FromResult(plan(intent));
    }
}
