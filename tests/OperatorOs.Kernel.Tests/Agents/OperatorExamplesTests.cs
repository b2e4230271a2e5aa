using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.AI;
using OperatorOs.Testing;

namespace OperatorOs.Kernel.Tests.Agents;

public class OperatorExamplesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static AgentRole Scribe(int budget = 512) => new("scribe", "You keep notes.")
    {
        GrantedCapabilities = ["notes.write"],
        CorrectionTokenBudget = budget,
    };

    private static string? Examples(ScriptedChatCall call) =>
        call.Messages.FirstOrDefault(m => m.Role == ChatRole.System && m.Text.StartsWith("How the operator corrected", StringComparison.Ordinal))?.Text;

    [Fact]
    public async Task Correction_IsShownToTheAgentWithItsNextIntent()
    {
        var model = new ScriptedChatClient()
            .EnqueueToolCall("notes__write", new Dictionary<string, object?> { ["text"] = "helo wrld" })
            .EnqueueText("Waiting.")
            .EnqueueText("Nothing to do.");
        AgentRole role = Scribe();
        await using var harness = new KernelHarness(model: model, build: b => b.AddAgent(role).MapIntentToAgent("note.requested", role.Name));
        IntentResult first = await harness.Kernel.SubmitAsync(harness.Intent("note.requested"), Ct);
        _ = await harness.Approvals.ApproveAsync(first.Proposals[0].ApprovalId!, "operator", TestJson.Parse("""{"text":"hello world"}"""), Ct);

        _ = await harness.Kernel.SubmitAsync(harness.Intent("note.requested"), Ct);

        Assert.Null(Examples(model.Calls[0]));
        string? examples = Examples(model.Calls[2]);
        Assert.NotNull(examples);
        Assert.Contains("""notes.write: you proposed {"text":"helo wrld"}; the operator corrected it to {"text":"hello world"}""", examples, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rejection_IsKeptAndShownWithItsReason()
    {
        var model = new ScriptedChatClient()
            .EnqueueToolCall("notes__write", new Dictionary<string, object?> { ["text"] = "refund everyone" })
            .EnqueueText("Waiting.")
            .EnqueueText("Nothing to do.");
        AgentRole role = Scribe();
        await using var harness = new KernelHarness(model: model, build: b => b.AddAgent(role).MapIntentToAgent("note.requested", role.Name));
        IntentResult first = await harness.Kernel.SubmitAsync(harness.Intent("note.requested"), Ct);
        _ = await harness.Approvals.RejectAsync(first.Proposals[0].ApprovalId!, "operator", "we never promise refunds in notes", Ct);

        _ = await harness.Kernel.SubmitAsync(harness.Intent("note.requested"), Ct);

        MemoryRecord? kept = await harness.Memory.GetAsync("agent/scribe", $"rejection/notes.write/{first.Proposals[0].Proposal.Id}", Ct);
        Assert.NotNull(kept);
        Assert.Contains("the operator rejected it (we never promise refunds in notes)", Examples(model.Calls[2]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Examples_StayWithinTheBudget_NewestFirst_AndAZeroBudgetGivesNone()
    {
        var memory = new InMemoryMemoryStore(TimeProvider.System);
        for (int i = 0; i < 40; i++)
        {
            await memory.WriteAsync(
                new MemoryWrite("agent/scribe", $"correction/notes.write/p{i:00}", MemoryKind.Fact,
                    TestJson.Parse($$$"""{"capability":"notes.write","proposed":{"text":"draft {{{i}}}"},"corrected":{"text":"final {{{i}}}"}}"""),
                    new Provenance(ActorKind.Operator, "operator")),
                Ct);
        }

        await memory.WriteAsync(
            new MemoryWrite("agent/scribe", "correction/billing.refund/x", MemoryKind.Fact,
                TestJson.Parse("""{"capability":"billing.refund","proposed":{},"corrected":{}}"""), new Provenance(ActorKind.Operator, "operator")),
            Ct);

        string? some = await OperatorExamples.DescribeAsync(memory, Scribe(budget: 100), ["notes.write"], Ct);
        string? none = await OperatorExamples.DescribeAsync(memory, Scribe(budget: 0), ["notes.write"], Ct);

        Assert.Null(none);
        Assert.NotNull(some);
        Assert.Contains("final 39", some, StringComparison.Ordinal);
        Assert.DoesNotContain("final 0}", some, StringComparison.Ordinal);
        Assert.DoesNotContain("billing.refund", some, StringComparison.Ordinal);
        Assert.InRange(some.Split('\n').Count(l => l.StartsWith("- ", StringComparison.Ordinal)), 1, 10);
    }
}
