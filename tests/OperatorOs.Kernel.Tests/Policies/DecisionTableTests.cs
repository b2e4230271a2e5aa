using Microsoft.Extensions.DependencyInjection;

namespace OperatorOs.Kernel.Tests.Policies;

public class DecisionTableTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static KernelHarness Harness(Action<IOperatorOsBuilder>? build = null, Action<OperatorOsOptions>? configure = null) => new(
        configure,
        b =>
        {
            b.AddAgent(new AgentRole("scribe", "Notes.") { GrantedCapabilities = ["notes.read", "notes.write", "mail.send"] });
            build?.Invoke(b);
        });

    private static PolicyContext Context(KernelHarness harness, string capability, string proposer = "scribe", ActorKind kind = ActorKind.Agent, TrustLevel taint = TrustLevel.Internal) =>
        new(
            harness.Proposal(capability, proposer: proposer, kind: kind, taint: taint),
            harness.Services.GetRequiredService<ConnectorCatalog>().TryGet(capability, out var entry) ? entry.Descriptor : null,
            kind == ActorKind.Agent ? harness.Services.GetRequiredService<AgentRegistry>().Find(proposer) : null);

    private static PolicyPipeline Pipeline(KernelHarness harness) => harness.Services.GetRequiredService<PolicyPipeline>();

    [Fact]
    public async Task EvaluateAsync_KnownCapabilityAndAgent_UsesTheTableAndSharesOneEvaluationWithExplainAndPropose()
    {
        // Arrange
        await using KernelHarness harness = Harness();
        PolicyPipeline pipeline = Pipeline(harness);
        PolicyContext context = Context(harness, "notes.write");

        // Act
        PolicyEvaluation first = await pipeline.EvaluateAsync(context, Ct);
        PolicyEvaluation second = await pipeline.EvaluateAsync(Context(harness, "notes.write"), Ct);
        PolicyEvaluation explained = await harness.Kernel.ExplainAsync(context.Proposal, Ct);
        ProposalResult proposed = await harness.Kernel.ProposeAsync(context.Proposal, Ct);

        // Assert: one precomputed evaluation, whoever asks; it says what the policies say when each is called.
        Assert.NotNull(pipeline.Table()!.Find(context));
        Assert.Same(first, second);
        Assert.Same(first, explained);
        Assert.Same(first, proposed.Evaluation);
        PolicyEvaluation uncompiled = await pipeline.EvaluateUncompiledAsync(context, Ct);
        Assert.Equal(Describe(uncompiled), Describe(first));
        Assert.Equal(["scope.granted", "trust.propose.scribe.notes.write"], first.Verdicts.Select(v => v.RuleId));
    }

    [Fact]
    public async Task EvaluateAsync_UngrantedCapability_IsStillDenied()
    {
        await using KernelHarness harness = Harness();
        PolicyPipeline pipeline = Pipeline(harness);
        PolicyContext context = Context(harness, "billing.refund", taint: TrustLevel.Untrusted);

        PolicyEvaluation evaluation = await pipeline.EvaluateAsync(context, Ct);

        Assert.NotNull(pipeline.Table()!.Find(context));
        Assert.Equal((PolicyVerdict.Deny, CapabilityScopePolicy.NotGrantedRule), (evaluation.Decision.Verdict, evaluation.Decision.RuleId));
        Assert.Equal("Agent 'scribe' is not granted 'billing.refund'.", evaluation.Decision.Reason);
        Assert.Contains(evaluation.Verdicts, v => v.RuleId == TaintPolicy.RuleId);
    }

    [Fact]
    public async Task EvaluateAsync_UnknownCapabilityOrAgent_IsEvaluatedUncompiledAndDenied()
    {
        await using KernelHarness harness = Harness();
        PolicyPipeline pipeline = Pipeline(harness);
        PolicyContext unknownCapability = Context(harness, "no.such");
        PolicyContext unknownAgent = Context(harness, "notes.read", proposer: "ghost");

        PolicyEvaluation capability = await pipeline.EvaluateAsync(unknownCapability, Ct);
        PolicyEvaluation agent = await pipeline.EvaluateAsync(unknownAgent, Ct);

        Assert.Null(pipeline.Table()!.Find(unknownCapability));
        Assert.Null(pipeline.Table()!.Find(unknownAgent));
        Assert.Equal(CapabilityScopePolicy.UnknownCapabilityRule, capability.Decision.RuleId);
        Assert.Equal(CapabilityScopePolicy.UnknownAgentRule, agent.Decision.RuleId);
    }

    [Fact]
    public async Task EvaluateAsync_AContextThatPairsTheDescriptorWithAnotherName_IsNotTakenFromTheTable()
    {
        await using KernelHarness harness = Harness();
        PolicyPipeline pipeline = Pipeline(harness);
        PolicyContext write = Context(harness, "notes.write");
        var mismatched = new PolicyContext(harness.Proposal("mail.send", proposer: "scribe", kind: ActorKind.Agent), write.Capability, write.Agent);

        PolicyEvaluation evaluation = await pipeline.EvaluateAsync(mismatched, Ct);

        Assert.Null(pipeline.Table()!.Find(mismatched));
        Assert.Equal(Describe(await pipeline.EvaluateUncompiledAsync(mismatched, Ct)), Describe(evaluation));
    }

    [Fact]
    public async Task EvaluateAsync_PolicyFileReload_RebuildsTheTable()
    {
        // Arrange
        using var directory = new TempDirectory();
        string path = directory.Write("policies.json", """{ "grants": { "scribe": { "capabilities": ["billing.refund"] } } }""");
        await using KernelHarness harness = Harness(b => b.AddPolicyFile(path));
        PolicyPipeline pipeline = Pipeline(harness);
        PolicyEvaluation before = await pipeline.EvaluateAsync(Context(harness, "billing.refund"), Ct);
        DecisionTable first = pipeline.Table()!;

        // Act: the file takes the grant away and denies External actions outright.
        File.WriteAllText(path, """{ "tierDefaults": { "external": "deny" } }""");
        Assert.True(await harness.Services.GetRequiredService<IPolicyFileStatus>().ReloadAsync(Ct));
        PolicyEvaluation refund = await pipeline.EvaluateAsync(Context(harness, "billing.refund"), Ct);
        PolicyEvaluation mail = await pipeline.EvaluateAsync(Context(harness, "mail.send"), Ct);
        DecisionTable second = pipeline.Table()!;

        // Assert
        Assert.Equal(CapabilityScopePolicy.GrantedRule, before.Verdicts[0].RuleId);
        Assert.NotSame(first, second);
        Assert.Same(harness.Services.GetRequiredService<IEffectivePolicySource>().Current, second.Policy);
        Assert.Equal((PolicyVerdict.Deny, CapabilityScopePolicy.NotGrantedRule), (refund.Decision.Verdict, refund.Decision.RuleId));
        Assert.Equal((PolicyVerdict.Deny, "risk-tier.external"), (mail.Decision.Verdict, mail.Decision.RuleId));
    }

    [Fact]
    public async Task EvaluateAsync_PolicyFileDeclaresAnAgent_TheReloadedRoleIsInTheTable()
    {
        using var directory = new TempDirectory();
        string path = directory.Write("policies.json", "{}");
        await using KernelHarness harness = Harness(b => b.AddPolicyFile(path));
        PolicyPipeline pipeline = Pipeline(harness);
        Assert.Equal(CapabilityScopePolicy.UnknownAgentRule, (await pipeline.EvaluateAsync(Context(harness, "notes.read", proposer: "clerk"), Ct)).Decision.RuleId);

        File.WriteAllText(path, """{ "agents": { "clerk": { "instructions": "File notes.", "capabilities": ["notes.read"] } } }""");
        Assert.True(await harness.Services.GetRequiredService<IPolicyFileStatus>().ReloadAsync(Ct));
        PolicyContext context = Context(harness, "notes.read", proposer: "clerk");
        PolicyEvaluation evaluation = await pipeline.EvaluateAsync(context, Ct);

        Assert.NotNull(pipeline.Table()!.Find(context));
        Assert.Equal(["scope.granted", "trust.propose.clerk.notes.read"], evaluation.Verdicts.Select(v => v.RuleId));
    }

    [Fact]
    public async Task EvaluateAsync_UserPolicy_RunsOnEveryProposal()
    {
        // Arrange
        var counting = new CountingPolicy(PolicyDecision.NeedsApproval("house.second-look", "Everything gets a second look."));
        await using KernelHarness harness = Harness(b => b.AddPolicy(counting));
        PolicyPipeline pipeline = Pipeline(harness);
        PolicyContext context = Context(harness, "notes.read");

        // Act
        PolicyEvaluation[] evaluations = [await pipeline.EvaluateAsync(context, Ct), await pipeline.EvaluateAsync(context, Ct), await pipeline.EvaluateAsync(Context(harness, "notes.read", "operator", ActorKind.Operator), Ct)];

        // Assert
        Assert.NotNull(pipeline.Table()!.Find(context));
        Assert.Equal(3, counting.Calls);
        Assert.All(evaluations, e => Assert.Equal("house.second-look", e.Decision.RuleId));
        Assert.Equal(["scope.granted", "trust.propose.scribe.notes.read", "house.second-look"], evaluations[0].Verdicts.Select(v => v.RuleId));
    }

    [Fact]
    public async Task EvaluateAsync_RuleForTheCapability_RunsThatPolicyPerProposal()
    {
        using var directory = new TempDirectory();
        string path = directory.Write("policies.json", """{ "confidenceThresholds": [ { "capability": "notes.write", "minimum": 0.8 } ] }""");
        await using KernelHarness harness = Harness(b => b.AddPolicyFile(path), o => o.TrustLadder.InitialLevels["scribe"] = AgentTrustLevel.Trusted);
        PolicyPipeline pipeline = Pipeline(harness);

        PolicyEvaluation sure = await pipeline.EvaluateAsync(Context(harness, "notes.write"), Ct);
        var unsureProposal = new ActionProposal("p-unsure", "notes.write", TestJson.Parse("{}"), "scribe", harness.Clock.GetUtcNow()) { Confidence = 0.5 };
        PolicyContext unsure = Context(harness, "notes.write");
        PolicyEvaluation doubtful = await pipeline.EvaluateAsync(new PolicyContext(unsureProposal, unsure.Capability, unsure.Agent), Ct);

        Assert.Equal(PolicyVerdict.Execute, sure.Decision.Verdict);
        Assert.Equal((PolicyVerdict.NeedsApproval, "confidence.notes.write"), (doubtful.Decision.Verdict, doubtful.Decision.RuleId));
    }

    [Fact]
    public async Task EvaluateAsync_ExactRouteAndNothingStateful_AllocatesNothing()
    {
        // Arrange
        await using KernelHarness harness = Harness(b => b.MapIntentToAgent("notes.requested", "scribe"));
        PolicyPipeline pipeline = Pipeline(harness);
        IntentRouter router = harness.Services.GetRequiredService<IntentRouter>();
        PolicyContext context = Context(harness, "mail.send", taint: TrustLevel.Untrusted);
        Intent intent = harness.Intent("notes.requested");
        PolicyVerdict verdict = Decide();

        // Act
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1_000; i++)
        {
            verdict = Decide();
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // Assert
        Assert.Equal(PolicyVerdict.NeedsApproval, verdict);
        Assert.Equal(0, allocated);

        PolicyVerdict Decide()
        {
            ValueTask<RouteDecision> route = router.RouteAsync(intent, CancellationToken.None);
            ValueTask<PolicyEvaluation> evaluation = pipeline.EvaluateAsync(context, CancellationToken.None);
            Assert.True(route.IsCompletedSuccessfully && evaluation.IsCompletedSuccessfully);
            return route.Result.IsRouted ? evaluation.Result.Decision.Verdict : PolicyVerdict.Deny;
        }
    }

    private static IEnumerable<string> Describe(PolicyEvaluation evaluation) =>
        evaluation.Verdicts.Select(v => v.ToString()).Prepend("decision: " + evaluation.Decision);

    private sealed class CountingPolicy(PolicyDecision decision) : IPolicy
    {
        private int _calls;

        public int Calls => _calls;

        public ValueTask<PolicyDecision?> EvaluateAsync(PolicyContext context, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _calls);
            return ValueTask.FromResult<PolicyDecision?>(decision);
        }
    }
}
