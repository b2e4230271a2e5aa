using Microsoft.Extensions.DependencyInjection;

namespace OperatorOs.Kernel.Tests.Trust;

public class TrustLadderTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static KernelHarness Harness(Action<TrustLadderOptions>? configure = null) => new(
        o =>
        {
            o.TrustLadder.PromotionThreshold = 3;
            configure?.Invoke(o.TrustLadder);
        },
        b => b.AddAgent(new AgentRole("scribe", "Notes.") { GrantedCapabilities = ["notes.read", "notes.write", "mail.send"] }));

    private static ITrustLadder Ladder(KernelHarness harness) => harness.Services.GetRequiredService<ITrustLadder>();

    private static async Task<ProposalResult> ProposeAsync(KernelHarness harness, string capability = "notes.write") =>
        await harness.Kernel.ProposeAsync(harness.Proposal(capability, """{"text":"draft"}""", proposer: "scribe", kind: ActorKind.Agent), Ct);

    private static async Task ApproveCleanAsync(KernelHarness harness, int times, string capability = "notes.write")
    {
        for (int i = 0; i < times; i++)
        {
            ProposalResult pending = await ProposeAsync(harness, capability);
            Assert.Equal(ProposalStatus.PendingApproval, pending.Status);
            await harness.Approvals.ApproveAsync(pending.ApprovalId!, "operator", cancellationToken: Ct);
        }
    }

    private static async Task<List<JournalEvent>> TrustEventsAsync(KernelHarness harness) =>
        (await harness.EventsAsync()).Where(e => e.Type.StartsWith("trust.", StringComparison.Ordinal)).ToList();

    [Fact]
    public async Task ApproveAsync_ThresholdCleanApprovals_SuggestsPromotionOnce()
    {
        // Arrange
        await using KernelHarness harness = Harness();

        // Act
        await ApproveCleanAsync(harness, 2);
        TrustStanding before = await Ladder(harness).GetAsync("scribe", "notes.write", Ct);
        await ApproveCleanAsync(harness, 2);

        // Assert
        Assert.Equal((2, false), (before.ConsecutiveCleanApprovals, before.PromotionSuggested));
        TrustStanding listed = Assert.Single(await Ladder(harness).ListAsync(Ct));
        Assert.Equal(("scribe", "notes.write", AgentTrustLevel.Propose, 4, true), (listed.Agent, listed.Capability, listed.Level, listed.ConsecutiveCleanApprovals, listed.PromotionSuggested));
        JournalEvent suggestion = Assert.Single(await TrustEventsAsync(harness));
        Assert.Equal(JournalEventTypes.TrustPromotionSuggested, suggestion.Type);
        Assert.Equal("agent/scribe", suggestion.Stream);
        Assert.Equal("notes.write", suggestion.Payload.GetProperty("capability").GetString());
        Assert.Equal(4, harness.Connector.Effects.Count);
    }

    [Fact]
    public async Task PromoteAsync_AfterSuggestion_NextProposalExecutesWithoutApproval()
    {
        await using KernelHarness harness = Harness();
        await ApproveCleanAsync(harness, 3);

        TrustStanding promoted = await Ladder(harness).PromoteAsync("scribe", "notes.write", "operator", Ct);
        ProposalResult next = await ProposeAsync(harness);
        ProposalResult mail = await ProposeAsync(harness, "mail.send");

        Assert.Equal((AgentTrustLevel.AutoLowRisk, 0, false), (promoted.Level, promoted.ConsecutiveCleanApprovals, promoted.PromotionSuggested));
        Assert.Equal(ProposalStatus.Executed, next.Status);
        Assert.Equal("trust.auto-low-risk.scribe.notes.write", Assert.Single(next.Evaluation!.Verdicts, v => v.RuleId.StartsWith("trust.", StringComparison.Ordinal)).RuleId);
        Assert.Equal(ProposalStatus.PendingApproval, mail.Status);
        Assert.Equal(
            [JournalEventTypes.TrustPromotionSuggested, JournalEventTypes.TrustPromoted],
            (await TrustEventsAsync(harness)).Select(e => e.Type));
        MemoryRecord? fact = await harness.Memory.GetAsync("agent/scribe", "trust/notes.write", Ct);
        Assert.NotNull(fact);
        Assert.Equal(MemoryKind.Fact, fact.Kind);
        Assert.Equal("AutoLowRisk", fact.Value.GetProperty("level").GetString());
        Assert.Equal(new Provenance(ActorKind.Operator, "operator"), fact.Provenance);
    }

    [Fact]
    public async Task ApproveAsync_WithCorrection_DemotesOneLevelAndResetsTheCounter()
    {
        await using KernelHarness harness = Harness(o => o.InitialLevels["scribe"] = AgentTrustLevel.Trusted);
        ProposalResult pending = await ProposeAsync(harness, "mail.send");
        Assert.Equal(ProposalStatus.Executed, pending.Status);
        await Ladder(harness).DemoteAsync("scribe", "mail.send", "operator", "Review mail for a while.", Ct);
        await ApproveCleanAsync(harness, 2, "mail.send");

        ProposalResult corrected = await ProposeAsync(harness, "mail.send");
        await harness.Approvals.ApproveAsync(corrected.ApprovalId!, "operator", TestJson.Parse("""{"text":"better"}"""), Ct);
        TrustStanding after = await Ladder(harness).GetAsync("scribe", "mail.send", Ct);

        Assert.Equal((AgentTrustLevel.Propose, 0, false), (after.Level, after.ConsecutiveCleanApprovals, after.PromotionSuggested));
        JournalEvent demoted = (await TrustEventsAsync(harness)).Last();
        Assert.Equal(JournalEventTypes.TrustDemoted, demoted.Type);
        Assert.Equal(("AutoLowRisk", "Propose"), (demoted.Payload.GetProperty("from").GetString(), demoted.Payload.GetProperty("to").GetString()));
        Assert.Equal(KernelJournal.CorrelationOf(corrected.Proposal), demoted.CorrelationId);
        MemoryRecord? fact = await harness.Memory.GetAsync("agent/scribe", "trust/mail.send", Ct);
        Assert.Equal(corrected.ApprovalId, fact!.Provenance.ApprovalId);
    }

    [Fact]
    public async Task RejectAsync_DemotesOneLevelButNotBelowPropose()
    {
        await using KernelHarness harness = Harness(o => o.InitialLevels["scribe/notes.write"] = AgentTrustLevel.AutoLowRisk);
        Assert.Equal(ProposalStatus.Executed, (await ProposeAsync(harness)).Status);
        await ApproveCleanAsync(harness, 2, "mail.send");

        ProposalResult first = await ProposeAsync(harness, "mail.send");
        await harness.Approvals.RejectAsync(first.ApprovalId!, "operator", "Wrong recipient.", Ct);
        TrustStanding mail = await Ladder(harness).GetAsync("scribe", "mail.send", Ct);
        await Ladder(harness).DemoteAsync("scribe", "notes.write", "operator", "Too eager.", Ct);
        ProposalResult write = await ProposeAsync(harness);
        await harness.Approvals.RejectAsync(write.ApprovalId!, "operator", "No.", Ct);
        TrustStanding notes = await Ladder(harness).GetAsync("scribe", "notes.write", Ct);

        Assert.Equal((AgentTrustLevel.Propose, 0), (mail.Level, mail.ConsecutiveCleanApprovals));
        Assert.Equal(AgentTrustLevel.Propose, notes.Level);
        Assert.Equal([JournalEventTypes.TrustDemoted], (await TrustEventsAsync(harness)).Select(e => e.Type));
    }

    [Fact]
    public async Task ApproveAsync_AutoPromote_AppliesThePromotionAtTheThreshold()
    {
        await using KernelHarness harness = Harness(o => o.AutoPromote = true);

        await ApproveCleanAsync(harness, 3);
        ProposalResult next = await ProposeAsync(harness);

        Assert.Equal(ProposalStatus.Executed, next.Status);
        TrustStanding standing = await Ladder(harness).GetAsync("scribe", "notes.write", Ct);
        Assert.Equal((AgentTrustLevel.AutoLowRisk, 0, false), (standing.Level, standing.ConsecutiveCleanApprovals, standing.PromotionSuggested));
        JournalEvent promoted = Assert.Single(await TrustEventsAsync(harness));
        Assert.Equal(JournalEventTypes.TrustPromoted, promoted.Type);
    }

    [Fact]
    public async Task PromoteAsync_AtTrusted_ChangesNothing_DemoteAsync_ReachesObserve()
    {
        await using KernelHarness harness = Harness(o => o.InitialLevels["scribe"] = AgentTrustLevel.Trusted);
        ITrustLadder ladder = Ladder(harness);

        TrustStanding top = await ladder.PromoteAsync("scribe", "notes.write", "operator", Ct);
        for (int i = 0; i < 4; i++)
        {
            await ladder.DemoteAsync("scribe", "notes.write", "operator", "step down", Ct);
        }

        TrustStanding bottom = await ladder.GetAsync("scribe", "notes.write", Ct);
        Assert.Equal((AgentTrustLevel.Trusted, 0), (top.Level, top.Version));
        Assert.Equal(AgentTrustLevel.Observe, bottom.Level);
        Assert.Equal(3, (await TrustEventsAsync(harness)).Count);
        Assert.Equal(ProposalStatus.Shadowed, (await ProposeAsync(harness)).Status);
    }

    [Fact]
    public async Task ApproveAsync_OperatorProposals_TeachTheLadderNothing()
    {
        await using KernelHarness harness = Harness();
        ProposalResult pending = await harness.Kernel.ProposeAsync(harness.Proposal("notes.write"), Ct);

        await harness.Approvals.RejectAsync(pending.ApprovalId!, "operator", "No.", Ct);

        Assert.Empty(await Ladder(harness).ListAsync(Ct));
    }

    [Fact]
    public async Task ApproveAsync_Concurrently_CountsEveryApproval()
    {
        await using KernelHarness harness = Harness(o => o.PromotionThreshold = 100);
        var pending = new List<string>();
        for (int i = 0; i < 8; i++)
        {
            pending.Add((await ProposeAsync(harness)).ApprovalId!);
        }

        await Task.WhenAll(pending.Select(id => Task.Run(() => harness.Approvals.ApproveAsync(id, "operator", cancellationToken: Ct), Ct)));

        TrustStanding standing = await Ladder(harness).GetAsync("scribe", "notes.write", Ct);
        Assert.Equal((8, 8), (standing.ConsecutiveCleanApprovals, standing.Version));
    }
}
