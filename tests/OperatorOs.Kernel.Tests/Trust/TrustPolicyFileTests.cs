using Microsoft.Extensions.DependencyInjection;
using OperatorOs.Kernel.Tests.Policies;

namespace OperatorOs.Kernel.Tests.Trust;

public class TrustPolicyFileTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Parse_ShippedExample_ReadsTheTrustSection()
    {
        PolicyDocument policy = PolicyDocument.Parse(PolicyFileFixtures.Example, "example");

        TrustSettings trust = Assert.IsType<TrustSettings>(policy.Trust);
        Assert.Equal(AgentTrustLevel.Propose, trust.Levels["triage"]);
        Assert.Equal(AgentTrustLevel.AutoLowRisk, trust.Levels["triage/notes.read"]);
        Assert.Equal((10, false), (trust.PromotionThreshold, trust.AutoPromote));
    }

    [Fact]
    public void Parse_BadTrustSection_ReportsEveryProblemWithItsLine()
    {
        var error = Assert.Throws<PolicyFileException>(() => PolicyDocument.Parse("""
            {
              "trust": {
                "levels": { "Scribe": "propose", "scribe": "boss", "a/b/c": "trusted" },
                "promotionThreshold": 0,
                "autoPromote": "yes",
                "extra": 1
              }
            }
            """, "policies.json"));

        Assert.Equal(6, error.Errors.Count);
        Assert.Contains(error.Errors, e => e.Path == "$.trust.levels.scribe" && e.Line == 3 && e.Message.Contains("'autoLowRisk'", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.Path == "$.trust.promotionThreshold" && e.Line == 4);
        Assert.Contains(error.Errors, e => e.Path == "$.trust.autoPromote" && e.Line == 5);
        Assert.Contains(error.Errors, e => e.Path == "$.trust.extra" && e.Line == 6);
    }

    [Fact]
    public async Task ProposeAsync_FileTrustSection_SetsStartingLevelsAndThreshold()
    {
        // Arrange
        using var directory = new TempDirectory();
        string path = directory.Write("policies.json", """
            { "trust": { "levels": { "scribe": "observe", "scribe/notes.write": "autoLowRisk" }, "promotionThreshold": 1 } }
            """);
        await using var harness = new KernelHarness(
            o =>
            {
                o.PolicyFile = path;
                o.TrustLadder.InitialLevels["scribe"] = AgentTrustLevel.Trusted;
            },
            b => b.AddAgent(new AgentRole("scribe", "Notes.") { GrantedCapabilities = ["notes.write", "mail.send"] }));

        // Act
        ProposalResult write = await harness.Kernel.ProposeAsync(harness.Proposal("notes.write", proposer: "scribe", kind: ActorKind.Agent), Ct);
        ProposalResult mail = await harness.Kernel.ProposeAsync(harness.Proposal("mail.send", proposer: "scribe", kind: ActorKind.Agent), Ct);
        await harness.Services.GetRequiredService<ITrustLadder>().PromoteAsync("scribe", "mail.send", "operator", Ct);
        ProposalResult pending = await harness.Kernel.ProposeAsync(harness.Proposal("mail.send", proposer: "scribe", kind: ActorKind.Agent), Ct);
        await harness.Approvals.ApproveAsync(pending.ApprovalId!, "operator", cancellationToken: Ct);

        // Assert: the file's levels replace the code's, and one clean approval reaches its threshold.
        Assert.Equal((ProposalStatus.Executed, ProposalStatus.Shadowed), (write.Status, mail.Status));
        Assert.Equal(ProposalStatus.PendingApproval, pending.Status);
        Assert.True((await harness.Services.GetRequiredService<ITrustLadder>().GetAsync("scribe", "mail.send", Ct)).PromotionSuggested);
    }
}
