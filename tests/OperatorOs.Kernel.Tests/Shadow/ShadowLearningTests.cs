using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace OperatorOs.Kernel.Tests.Shadow;

/// <summary>What the operator does instead of an agent's shadowed proposal becomes an example in the agent's next prompts; the agreement tally shows the effect.</summary>
public class ShadowLearningTests
{
    private const string Wrong = "Refund approved.";
    private const string Right = "Refunds are not possible after week 4.";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheOperatorsDifferentAction_IsShownToTheAgent_AndItsAgreementRises()
    {
        // The model answers the way the operator did once it has been shown that; before, it answers wrongly.
        var model = new ScriptedChatClient
        {
            GetResponseAsyncCallback = (messages, _, _) =>
            {
                if (messages[^1].Role == ChatRole.Tool)
                {
                    return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "Done.")));
                }

                bool shown = messages.Any(m => m.Role == ChatRole.System && m.Text.Contains($"corrected it to {{\"to\":\"s42@example.edu\",\"body\":\"{Right}\"}}", StringComparison.Ordinal));
                var call = new FunctionCallContent($"c{messages.Count}", "mail__send", new Dictionary<string, object?> { ["to"] = "s42@example.edu", ["body"] = shown ? Right : Wrong });
                return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, [call])));
            },
        };
        var role = new AgentRole("triage", "You answer students.") { GrantedCapabilities = ["mail.send"], CorrectionTokenBudget = 512 };
        await using var harness = new KernelHarness(
            configure: o => o.TrustLadder.InitialLevels["triage"] = AgentTrustLevel.Observe,
            build: b => b.AddAgent(role).MapIntentToAgent("refund.asked", role.Name),
            model: model);
        IShadowAgreement agreement = harness.Services.GetRequiredService<IShadowAgreement>();

        Intent first = harness.Intent("refund.asked");
        IntentResult shadowed = await harness.Kernel.SubmitAsync(first, Ct);
        Assert.Equal(ProposalStatus.Shadowed, Assert.Single(shadowed.Proposals).Status);
        _ = await harness.Kernel.ProposeAsync(OperatorReply(harness, first.CorrelationId), Ct);

        MemoryRecord? example = await harness.Memory.GetAsync("agent/triage", $"correction/mail.send/{shadowed.Proposals[0].Proposal.Id}", Ct);
        Assert.NotNull(example);
        Assert.Equal(Right, example.Value.GetProperty("corrected").GetProperty("body").GetString());
        Assert.Equal((1, 0), Counts(await agreement.GetReportAsync("triage", "mail.send", Ct)));

        Intent second = harness.Intent("refund.asked");
        IntentResult learned = await harness.Kernel.SubmitAsync(second, Ct);
        Assert.Equal(Right, Assert.Single(learned.Proposals).Proposal.Arguments.GetProperty("body").GetString());
        _ = await harness.Kernel.ProposeAsync(OperatorReply(harness, second.CorrelationId), Ct);

        ShadowAgreementReport report = await agreement.GetReportAsync("triage", "mail.send", Ct);
        Assert.Equal((2, 1), Counts(report));
        Assert.DoesNotContain(harness.Connector.Effects, e => e.Token.Value.Contains(shadowed.Proposals[0].Proposal.Id, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnAgreement_IsNoLesson()
    {
        await using var harness = new KernelHarness(
            configure: o => o.TrustLadder.InitialLevels["triage"] = AgentTrustLevel.Observe,
            build: b => b.AddAgent(new AgentRole("triage", "x") { GrantedCapabilities = ["mail.send"] }));
        var agentProposal = new ActionProposal("p-agent", "mail.send", TestJson.Parse($$"""{"to":"s42@example.edu","body":"{{Right}}"}"""), "triage", harness.Clock.GetUtcNow())
        {
            ProposerKind = ActorKind.Agent,
            CorrelationId = "item-1",
        };
        _ = await harness.Kernel.ProposeAsync(agentProposal, Ct);
        _ = await harness.Kernel.ProposeAsync(OperatorReply(harness, "item-1"), Ct);

        Assert.DoesNotContain(await harness.Memory.GetEntityAsync("agent/triage", Ct), r => r.Attribute.StartsWith("correction/", StringComparison.Ordinal));
    }

    private static ActionProposal OperatorReply(KernelHarness harness, string correlationId) =>
        new(Guid.NewGuid().ToString("n"), "mail.send", TestJson.Parse($$"""{"to":"s42@example.edu","body":"{{Right}}"}"""), "operator", harness.Clock.GetUtcNow())
        {
            ProposerKind = ActorKind.Operator,
            CorrelationId = correlationId,
        };

    private static (int Compared, int Agreed) Counts(ShadowAgreementReport report) => (report.Compared, report.Agreed);
}
