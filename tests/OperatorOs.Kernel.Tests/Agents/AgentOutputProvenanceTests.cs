using Microsoft.Extensions.DependencyInjection;
using OperatorOs.Testing;

namespace OperatorOs.Kernel.Tests.Agents;

public class AgentOutputProvenanceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly AgentRole Tutor = new("tutor", "You answer students and keep notes.")
    {
        GrantedCapabilities = ["notes.read", "notes.write"],
        MemoryScopes = ["student/{student}", "course"],
        ContextTokenBudget = 400,
        MaxToolIterations = 4,
    };

    private static KernelHarness Harness(ScriptedChatClient model) =>
        new(model: model, build: b => b.AddMemorySearch().AddAgent(Tutor).MapIntentToAgent("student.question", Tutor.Name));

    private static async Task<List<string>> RememberAsync(KernelHarness harness)
    {
        var operatorSays = new Provenance(ActorKind.Operator, "operator");
        _ = await harness.Memory.WriteAsync(new MemoryWrite("student/42", "enrollment", MemoryKind.Fact, TestJson.Parse("\"active\""), operatorSays), Ct);
        MemoryRecord enrollment = await harness.Memory.WriteAsync(new MemoryWrite("student/42", "enrollment", MemoryKind.Fact, TestJson.Parse("\"active since week 1\""), operatorSays), Ct);
        MemoryRecord deadline = await harness.Memory.WriteAsync(new MemoryWrite("course", "faq/deadline", MemoryKind.Fact, TestJson.Parse("\"Due Sunday.\""), operatorSays), Ct);
        return [$"memory/student/42/enrollment@v{enrollment.Version}", $"memory/course/faq/deadline@v{deadline.Version}"];
    }

    [Fact]
    public async Task ModelAnswer_NamesTheMemoryVersionsItsContextWasAssembledFrom()
    {
        var model = new ScriptedChatClient("small-model").EnqueueText("Due Sunday.");
        await using KernelHarness harness = Harness(model);
        List<string> read = await RememberAsync(harness);
        Intent intent = harness.Intent("student.question", """{"student":"42","text":"when is it due?"}""");

        _ = await harness.Kernel.SubmitAsync(intent, Ct);

        MemoryRecord? kept = await harness.Memory.GetAsync($"intent/{intent.Id}", "response", Ct);
        Assert.NotNull(kept);
        Assert.Equal("Due Sunday.", kept.Value.GetProperty("text").GetString());
        Assert.Equal($"intent/{intent.Id}", kept.Provenance.InputReferences[0]);
        Assert.Equal(read.Order(StringComparer.Ordinal), kept.Provenance.InputReferences.Skip(1).Order(StringComparer.Ordinal));
        Assert.DoesNotContain("memory/student/42/enrollment@v1", kept.Provenance.InputReferences);
    }

    [Fact]
    public async Task ResumedRun_RecordsItsFinalReply_WithWhatTheRunRead()
    {
        var model = new ScriptedChatClient("small-model")
            .EnqueueToolCall("notes__write", new Dictionary<string, object?> { ["text"] = "asked about the deadline" }, "call-1")
            .EnqueueText("Waiting for the operator.")
            .EnqueueText("Note written; due Sunday.");
        await using KernelHarness harness = Harness(model);
        List<string> read = await RememberAsync(harness);
        Intent intent = harness.Intent("student.question", """{"student":"42","text":"when is it due?"}""");

        IntentResult first = await harness.Kernel.SubmitAsync(intent, Ct);
        _ = await harness.Approvals.ApproveAsync(Assert.Single(first.Proposals).ApprovalId!, "operator", cancellationToken: Ct);
        AgentRun? resumed = await harness.Services.GetRequiredService<AgentRunResumer>().TryResumeAsync(intent.Id, Ct);

        Assert.NotNull(resumed);
        MemoryRecord? kept = await harness.Memory.GetAsync($"intent/{intent.Id}", "response", Ct);
        Assert.NotNull(kept);
        Assert.Equal("Note written; due Sunday.", kept.Value.GetProperty("text").GetString());
        Assert.Equal((ActorKind.Agent, "tutor", "small-model"), (kept.Provenance.ActorKind, kept.Provenance.Actor, kept.Provenance.ModelId));
        Assert.Equal([$"intent/{intent.Id}", .. read.Order(StringComparer.Ordinal)], [kept.Provenance.InputReferences[0], .. kept.Provenance.InputReferences.Skip(1).Order(StringComparer.Ordinal)]);
        Assert.Equal(2, (await harness.Memory.GetHistoryAsync($"intent/{intent.Id}", "response", Ct)).Count);
    }
}
