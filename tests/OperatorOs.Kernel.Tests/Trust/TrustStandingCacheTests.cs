using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace OperatorOs.Kernel.Tests.Trust;

public class TrustStandingCacheTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static KernelHarness Harness(string? database = null, TimeSpan? refresh = null) => new(
        o =>
        {
            o.TrustLadder.InitialLevels["scribe"] = AgentTrustLevel.Trusted;
            if (refresh is { } interval)
            {
                o.TrustLadder.StandingRefreshInterval = interval;
            }
        },
        b =>
        {
            b.AddAgent(new AgentRole("scribe", "Notes.") { GrantedCapabilities = ["notes.write", "mail.send"] });
            if (database is not null)
            {
                b.UseSqlite(database);
            }
        });

    private static async Task<PolicyDecision> DecideAsync(KernelHarness harness, string capability = "mail.send") =>
        (await harness.Kernel.ExplainAsync(harness.Proposal(capability, proposer: "scribe", kind: ActorKind.Agent), Ct)).Decision;

    private static ITrustLadder Ladder(KernelHarness harness) => harness.Services.GetRequiredService<ITrustLadder>();

    [Fact]
    public async Task DemoteAsync_ThroughThisProcess_AppliesToTheNextDecisionAtOnce()
    {
        // Arrange: the standing is cached by a first decision.
        await using KernelHarness harness = Harness();
        PolicyDecision trusted = await DecideAsync(harness);
        PolicyEvaluation explained = await harness.Kernel.ExplainAsync(harness.Proposal("mail.send", proposer: "scribe", kind: ActorKind.Agent), Ct);
        Assert.Contains(explained.Verdicts, v => v.RuleId == "trust.trusted.scribe.mail.send");

        // Act: no time passes.
        await Ladder(harness).DemoteAsync("scribe", "mail.send", "operator", "Review mail again.", Ct);
        PolicyDecision demoted = await DecideAsync(harness);
        ProposalResult proposed = await harness.Kernel.ProposeAsync(harness.Proposal("mail.send", proposer: "scribe", kind: ActorKind.Agent), Ct);

        // Assert
        Assert.Equal(PolicyVerdict.Execute, trusted.Verdict);
        Assert.Equal((PolicyVerdict.NeedsApproval, "trust.auto-low-risk.scribe.mail.send"), (demoted.Verdict, demoted.RuleId));
        Assert.Equal(ProposalStatus.PendingApproval, proposed.Status);
    }

    [Fact]
    public async Task RejectAsync_ThroughThisProcess_AppliesToTheNextDecisionAtOnce()
    {
        // Arrange: trusted with mail, cached; untrusted arguments still go to the operator.
        await using KernelHarness harness = Harness();
        Assert.Equal(PolicyVerdict.Execute, (await DecideAsync(harness)).Verdict);
        ProposalResult pending = await harness.Kernel.ProposeAsync(harness.Proposal("mail.send", proposer: "scribe", kind: ActorKind.Agent, taint: TrustLevel.Untrusted), Ct);

        // Act: the rejection demotes one level.
        await harness.Approvals.RejectAsync(pending.ApprovalId!, "operator", "Not this one.", Ct);
        PolicyDecision after = await DecideAsync(harness);

        // Assert
        Assert.Equal(ProposalStatus.PendingApproval, pending.Status);
        Assert.Equal((PolicyVerdict.NeedsApproval, "trust.auto-low-risk.scribe.mail.send"), (after.Verdict, after.RuleId));
    }

    [Fact]
    public async Task DemoteAsync_ByAnotherHostOnTheSameDatabase_AppliesWithinTheRefreshInterval()
    {
        // Arrange: two hosts on one SQLite file, as a host and the operator CLI are.
        using var directory = new TempDirectory();
        string database = Path.Combine(directory.Path, "operatoros.db");
        await using KernelHarness host = Harness(database);
        await using KernelHarness other = Harness(database);
        Assert.Equal(PolicyVerdict.Execute, (await DecideAsync(host)).Verdict);

        // Act
        await Ladder(other).DemoteAsync("scribe", "mail.send", "operator", "Review mail again.", Ct);
        PolicyDecision withinTheInterval = await DecideAsync(host);
        host.Clock.Advance(TrustLadderOptions.DefaultStandingRefreshInterval);
        PolicyDecision afterTheInterval = await DecideAsync(host);

        // Assert: the host used its cached standing for at most one interval, then read the demotion.
        Assert.Equal(PolicyVerdict.Execute, withinTheInterval.Verdict);
        Assert.Equal((PolicyVerdict.NeedsApproval, "trust.auto-low-risk.scribe.mail.send"), (afterTheInterval.Verdict, afterTheInterval.RuleId));
        Assert.Equal(AgentTrustLevel.AutoLowRisk, (await Ladder(host).GetAsync("scribe", "mail.send", Ct)).Level);
    }

    [Fact]
    public async Task DemoteAsync_ByAnotherHostWithNoCaching_AppliesToTheNextDecision()
    {
        using var directory = new TempDirectory();
        string database = Path.Combine(directory.Path, "operatoros.db");
        await using KernelHarness host = Harness(database, TimeSpan.Zero);
        await using KernelHarness other = Harness(database, TimeSpan.Zero);
        Assert.Equal(PolicyVerdict.Execute, (await DecideAsync(host)).Verdict);

        await Ladder(other).DemoteAsync("scribe", "mail.send", "operator", "Review mail again.", Ct);

        Assert.Equal(PolicyVerdict.NeedsApproval, (await DecideAsync(host)).Verdict);
    }

    [Fact]
    public async Task GetLevelAsync_TwoLaddersSharingOneStore_SeeEachOthersChangesWithinTheInterval()
    {
        // Arrange
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 9, 1, 9, 0, 0, TimeSpan.Zero));
        var memory = new InMemoryMemoryStore(clock);
        var source = new Policies.PolicyFileFixtures.FixedSource(null, Options(TimeSpan.FromMilliseconds(250)));
        using TrustLadder first = Ladder(memory, source, clock);
        using TrustLadder second = Ladder(memory, source, clock);
        Assert.Equal(AgentTrustLevel.Trusted, await first.GetLevelAsync("scribe", "mail.send", Ct));

        // Act
        await second.DemoteAsync("scribe", "mail.send", "operator", "Review mail again.", Ct);
        AgentTrustLevel cached = await first.GetLevelAsync("scribe", "mail.send", Ct);
        clock.Advance(TimeSpan.FromMilliseconds(249));
        AgentTrustLevel almost = await first.GetLevelAsync("scribe", "mail.send", Ct);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        AgentTrustLevel read = await first.GetLevelAsync("scribe", "mail.send", Ct);

        // Assert
        Assert.Equal(AgentTrustLevel.AutoLowRisk, await second.GetLevelAsync("scribe", "mail.send", Ct));
        Assert.Equal((AgentTrustLevel.Trusted, AgentTrustLevel.Trusted, AgentTrustLevel.AutoLowRisk), (cached, almost, read));
    }

    [Fact]
    public async Task TryStore_AReadThatRacedAWrite_DoesNotPutTheOlderVersionBack()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        var source = new Policies.PolicyFileFixtures.FixedSource(null, Options(TimeSpan.FromSeconds(1)));
        using TrustLadder ladder = Ladder(new InMemoryMemoryStore(clock), source, clock);
        await ladder.DemoteAsync("scribe", "mail.send", "operator", "Step down.", Ct);
        TrustSlot slot = ladder.Slot("scribe", "mail.send");
        TrustSnapshot before = slot.Snapshot!;

        // Act: a read that saw version 1 stores after the ladder wrote version 2.
        await ladder.DemoteAsync("scribe", "mail.send", "operator", "Step down again.", Ct);
        TrustSnapshot kept = slot.TryStore(before with { }, seen: before);

        // Assert
        Assert.Equal((1, AgentTrustLevel.AutoLowRisk), (before.Version, before.ReadLevel));
        Assert.Equal((2, AgentTrustLevel.Propose), (kept.Version, kept.ReadLevel));
        Assert.True(slot.TryGetFresh(out TrustSnapshot? fresh));
        Assert.Same(kept, fresh);
    }

    private static OperatorOsOptions Options(TimeSpan refresh)
    {
        var options = new OperatorOsOptions();
        options.TrustLadder.InitialLevels["scribe"] = AgentTrustLevel.Trusted;
        options.TrustLadder.StandingRefreshInterval = refresh;
        return options;
    }

    private static TrustLadder Ladder(MemoryStore memory, IEffectivePolicySource source, TimeProvider clock) =>
        new(memory, new KernelJournal(new InMemoryJournal(clock)), source, agents: null, clock);
}
