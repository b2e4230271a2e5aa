using Microsoft.Extensions.DependencyInjection;

namespace OperatorOs.Kernel.Tests.Trust;

public class EscalatedReviewTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static KernelHarness Harness() => new(
        o => o.TrustLadder.InitialLevels["grader"] = AgentTrustLevel.AutoLowRisk,
        b => b.AddAgent(new AgentRole("grader", "Grades.") { GrantedCapabilities = ["notes.write", "mail.send"], Escalation = new AgentEscalation(0.7) }));

    private static Task<ProposalResult> ProposeAsync(KernelHarness harness, string capability, double confidence) =>
        harness.Kernel.ProposeAsync(
            new ActionProposal($"p-{Guid.NewGuid():n}", capability, TestJson.Parse("""{"text":"draft"}"""), "grader", harness.Clock.GetUtcNow())
            {
                ProposerKind = ActorKind.Agent,
                Confidence = confidence,
            },
            Ct);

    [Fact]
    public async Task CorrectingOrRejectingWorkTheAgentFlaggedAsUnsure_DoesNotDemoteIt()
    {
        await using KernelHarness harness = Harness();
        ITrustLadder ladder = harness.Services.GetRequiredService<ITrustLadder>();

        ProposalResult unsure = await ProposeAsync(harness, "notes.write", confidence: 0.4);
        _ = await harness.Approvals.ApproveAsync(unsure.ApprovalId!, "operator", TestJson.Parse("""{"text":"fixed"}"""), Ct);
        ProposalResult unsureAgain = await ProposeAsync(harness, "notes.write", confidence: 0.3);
        _ = await harness.Approvals.RejectAsync(unsureAgain.ApprovalId!, "operator", "not gradable", Ct);

        TrustStanding standing = await ladder.GetAsync("grader", "notes.write", Ct);
        Assert.Equal(AgentTrustLevel.AutoLowRisk, standing.Level);
        Assert.Equal(0, standing.ConsecutiveCleanApprovals);
        Assert.DoesNotContain(await harness.EventsAsync(), e => e.Type == JournalEventTypes.TrustDemoted);
    }

    [Fact]
    public async Task CorrectingWorkTheAgentWasSureOf_StillDemotesIt()
    {
        await using KernelHarness harness = Harness();

        ProposalResult sure = await ProposeAsync(harness, "mail.send", confidence: 0.95);
        Assert.Equal(ProposalStatus.PendingApproval, sure.Status);
        _ = await harness.Approvals.ApproveAsync(sure.ApprovalId!, "operator", TestJson.Parse("""{"text":"fixed"}"""), Ct);

        TrustStanding standing = await harness.Services.GetRequiredService<ITrustLadder>().GetAsync("grader", "mail.send", Ct);
        Assert.Equal(AgentTrustLevel.Propose, standing.Level);
    }
}
