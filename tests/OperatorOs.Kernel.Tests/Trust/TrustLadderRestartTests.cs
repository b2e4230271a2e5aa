using Microsoft.Extensions.DependencyInjection;
using OperatorOs.Kernel.Tests.Policies;

namespace OperatorOs.Kernel.Tests.Trust;

public class TrustLadderRestartTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static KernelHarness Harness(string database) => new(
        o => o.TrustLadder.PromotionThreshold = 2,
        b => b.AddAgent(new AgentRole("scribe", "Notes.") { GrantedCapabilities = ["notes.write", "mail.send"] }).UseSqlite(database));

    [Fact]
    public async Task Levels_SurviveARestartOnOneSqliteFile()
    {
        // Arrange: one process promotes the scribe for notes.write and demotes it for mail.send.
        using var directory = new TempDirectory();
        string database = Path.Combine(directory.Path, "operatoros.db");
        await using (KernelHarness first = Harness(database))
        {
            ITrustLadder ladder = first.Services.GetRequiredService<ITrustLadder>();
            for (int i = 0; i < 2; i++)
            {
                ProposalResult pending = await first.Kernel.ProposeAsync(first.Proposal("notes.write", proposer: "scribe", kind: ActorKind.Agent), Ct);
                await first.Approvals.ApproveAsync(pending.ApprovalId!, "operator", cancellationToken: Ct);
            }

            Assert.True((await ladder.GetAsync("scribe", "notes.write", Ct)).PromotionSuggested);
            await ladder.PromoteAsync("scribe", "notes.write", "operator", Ct);
            await ladder.DemoteAsync("scribe", "mail.send", "operator", "Watch first.", Ct);
        }

        // Act: a second process on the same file.
        await using KernelHarness second = Harness(database);
        IReadOnlyList<TrustStanding> standings = await second.Services.GetRequiredService<ITrustLadder>().ListAsync(Ct);
        ProposalResult write = await second.Kernel.ProposeAsync(second.Proposal("notes.write", proposer: "scribe", kind: ActorKind.Agent), Ct);
        ProposalResult mail = await second.Kernel.ProposeAsync(second.Proposal("mail.send", proposer: "scribe", kind: ActorKind.Agent), Ct);

        // Assert
        Assert.Equal(
            [("mail.send", AgentTrustLevel.Observe), ("notes.write", AgentTrustLevel.AutoLowRisk)],
            standings.Select(s => (s.Capability, s.Level)));
        Assert.Equal(ProposalStatus.Executed, write.Status);
        Assert.Equal(ProposalStatus.Shadowed, mail.Status);
        Assert.Equal(3, (await second.Memory.GetHistoryAsync("agent/scribe", "trust/notes.write", Ct)).Count);
    }
}
