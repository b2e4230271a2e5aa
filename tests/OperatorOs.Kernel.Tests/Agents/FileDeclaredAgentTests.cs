using Microsoft.Extensions.DependencyInjection;
using OperatorOs.Testing;

namespace OperatorOs.Kernel.Tests.Agents;

public class FileDeclaredAgentTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AgentDeclaredOnlyInThePolicyFile_IsRoutedAndRunsWithItsSettings()
    {
        using var directory = new TempDirectory();
        string path = directory.Combine("policies.json");
        await File.WriteAllTextAsync(path, """
            {
              "agents": {
                "scribe": {
                  "instructions": "You keep the course notes.",
                  "capabilities": ["notes.write"],
                  "escalation": { "confidenceThreshold": 0.6 },
                  "maxToolIterations": 2
                }
              }
            }
            """, Ct);
        var model = new ScriptedChatClient()
            .EnqueueToolCall("notes__write", new Dictionary<string, object?> { ["text"] = "hi", ["_confidence"] = 0.3 })
            .EnqueueText("Asked.");
        await using var harness = new KernelHarness(o => o.PolicyFile = path, b => b.MapIntentToAgent("note.requested", "scribe"), model);

        IntentResult result = await harness.Kernel.SubmitAsync(harness.Intent("note.requested"), Ct);

        Assert.Equal("You keep the course notes.", model.Calls[0].Messages[0].Text);
        Assert.Equal(["notes__write"], model.Calls[0].Options!.Tools!.Select(t => t.Name));
        ProposalResult proposal = Assert.Single(result.Proposals);
        Assert.Contains(proposal.Evaluation!.Verdicts, v => v.RuleId == AgentEscalationPolicy.RuleId && v.Verdict == PolicyVerdict.NeedsApproval);
    }

    [Fact]
    public async Task FileEntryForACodeRole_ReplacesItsSettingsButKeepsItsStrategy()
    {
        using var directory = new TempDirectory();
        string path = directory.Combine("policies.json");
        await File.WriteAllTextAsync(path, """{ "agents": { "scribe": { "instructions": "Edited by the operator.", "maxToolIterations": 7 } } }""", Ct);
        var strategy = new NoStrategy();
        var code = new AgentRole("scribe", "From code.") { GrantedCapabilities = ["notes.read"], DeterministicStrategy = strategy, MaxToolIterations = 3 };
        await using var harness = new KernelHarness(o => o.PolicyFile = path, b => b.AddAgent(code));

        AgentRole merged = harness.Services.GetRequiredService<AgentRegistry>().Find("scribe")!;

        Assert.Equal("Edited by the operator.", merged.Instructions);
        Assert.Equal(7, merged.MaxToolIterations);
        Assert.Equal(["notes.read"], merged.GrantedCapabilities);
        Assert.Same(strategy, merged.DeterministicStrategy);
    }

    [Theory]
    [InlineData(null, ProposalStatus.PendingApproval)]
    [InlineData("1", ProposalStatus.Executed)]
    public async Task FileDeclaredEscalation_SaysWhatAMissingConfidenceCountsAs(string? unreported, ProposalStatus expected)
    {
        using var directory = new TempDirectory();
        string path = directory.Combine("policies.json");
        string extra = unreported is null ? "" : $", \"unreportedConfidence\": {unreported}";
        await File.WriteAllTextAsync(path, $$"""
            { "agents": { "scribe": { "instructions": "Notes.", "capabilities": ["notes.read"], "escalation": { "confidenceThreshold": 0.6{{extra}} } } } }
            """, Ct);
        var model = new ScriptedChatClient().EnqueueToolCall("notes__read", new Dictionary<string, object?>()).EnqueueText("Read.");
        await using var harness = new KernelHarness(o => o.PolicyFile = path, b => b.MapIntentToAgent("note.requested", "scribe"), model);

        IntentResult result = await harness.Kernel.SubmitAsync(harness.Intent("note.requested"), Ct);

        Assert.Equal(expected, Assert.Single(result.Proposals).Status);
    }

    [Fact]
    public void FileDeclaredUnreportedConfidence_RoundTrips_AndOutsideZeroToOneIsRejectedWithItsPath()
    {
        PolicyDocument policy = PolicyDocument.Parse("""
            { "agents": { "scribe": { "instructions": "Notes.", "escalation": { "confidenceThreshold": 0.6, "unreportedConfidence": 0.5 } } } }
            """);
        Assert.Equal(0.5, policy.Agents["scribe"].UnreportedConfidence);
        Assert.Equal(policy, PolicyDocument.Parse(policy.ToJson()));

        var error = Assert.Throws<PolicyFileException>(() => PolicyDocument.Parse("""
            { "agents": { "scribe": { "instructions": "Notes.", "escalation": { "confidenceThreshold": 0.6, "unreportedConfidence": 2 } } } }
            """));
        Assert.Contains("unreportedConfidence", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FileDeclaredEscalationRules_RoundTrip_ReachTheRole_AndBadValuesAreRejectedWithTheirPath()
    {
        PolicyDocument policy = PolicyDocument.Parse("""
            { "agents": { "scribe": { "instructions": "Notes.", "escalation": { "confidenceThreshold": 0.6, "escalateRiskTiers": ["financial"], "escalateWhenPolicyHolds": false } } } }
            """);
        PolicyDocument none = PolicyDocument.Parse("""
            { "agents": { "scribe": { "instructions": "Notes.", "escalation": { "confidenceThreshold": 0.6, "escalateRiskTiers": [] } } } }
            """);
        PolicyDocument defaults = PolicyDocument.Parse("""
            { "agents": { "scribe": { "instructions": "Notes.", "escalation": { "confidenceThreshold": 0.6 } } } }
            """);

        AgentEscalation escalation = policy.Agents["scribe"].ToRole(null).Escalation!;
        Assert.Equal([RiskTier.Financial], escalation.EscalateRiskTiers);
        Assert.False(escalation.EscalateWhenPolicyHolds);
        Assert.Empty(none.Agents["scribe"].ToRole(null).Escalation!.EscalateRiskTiers);
        Assert.Equal(new AgentEscalation(0.6).EscalateRiskTiers, defaults.Agents["scribe"].ToRole(null).Escalation!.EscalateRiskTiers);
        Assert.True(defaults.Agents["scribe"].ToRole(null).Escalation!.EscalateWhenPolicyHolds);
        Assert.Equal(policy, PolicyDocument.Parse(policy.ToJson()));
        Assert.Equal(none, PolicyDocument.Parse(none.ToJson()));
        Assert.NotEqual(none, defaults);

        var tier = Assert.Throws<PolicyFileException>(() => PolicyDocument.Parse("""
            { "agents": { "scribe": { "instructions": "Notes.", "escalation": { "confidenceThreshold": 0.6, "escalateRiskTiers": ["huge"] } } } }
            """));
        var flag = Assert.Throws<PolicyFileException>(() => PolicyDocument.Parse("""
            { "agents": { "scribe": { "instructions": "Notes.", "escalation": { "confidenceThreshold": 0.6, "escalateWhenPolicyHolds": "yes" } } } }
            """));
        Assert.Contains("escalateRiskTiers", tier.Message, StringComparison.Ordinal);
        Assert.Contains("'huge' is not a risk tier", tier.Message, StringComparison.Ordinal);
        Assert.Contains("escalateWhenPolicyHolds", flag.Message, StringComparison.Ordinal);
    }

    private sealed class NoStrategy : IAgentStrategy
    {
        public ValueTask<IReadOnlyList<AgentToolCall>> PlanAsync(Intent intent, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult<IReadOnlyList<AgentToolCall>>([]);
    }
}
