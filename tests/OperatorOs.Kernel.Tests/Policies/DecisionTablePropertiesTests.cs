using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.Time.Testing;
using static OperatorOs.Kernel.Tests.Policies.PolicyFileFixtures;

namespace OperatorOs.Kernel.Tests.Policies;

/// <summary>The compiled decision table against the uncompiled pipeline: same verdicts, rule ids, reasons and final decision.</summary>
public class DecisionTablePropertiesTests
{
    private static readonly CapabilityDescriptor[] Offered =
    [
        RecordingConnector.Capability("notes.read", RiskTier.Read),
        RecordingConnector.Capability("notes.write", RiskTier.Internal),
        RecordingConnector.Capability("mail.send", RiskTier.External),
        RecordingConnector.Capability("billing.refund", RiskTier.Financial),
        RecordingConnector.Capability("a.b", RiskTier.Commitment),
    ];

    private static readonly string[] Agents = ["triage", "scribe", "grader", "registrar"];

    public sealed record Proposed(string Capability, string Proposer, ActorKind Kind, double Confidence, string Arguments, TrustLevel Taint, bool Explain);

    public sealed record Standing(string Agent, string Capability, AgentTrustLevel? Level);

    public sealed record Case(
        PolicyDocument Document,
        bool CodeShadowMode,
        (string Key, AgentTrustLevel Level)[] InitialLevels,
        Standing[] Standings,
        bool UserPolicy,
        int MinuteOfDay,
        Proposed[] Proposals);

    public static Gen<Proposed> ProposedGen() =>
        from capability in Gen.Elements(Offered.Select(c => c.Name).Append("no.such").ToArray())
        from proposer in Gen.Elements(Agents.Append("ghost").Append("operator").ToArray())
        from kind in Gen.Elements(ActorKind.Agent, ActorKind.Agent, ActorKind.Operator)
        from permille in Gen.Choose(0, 1000)
        from arguments in Gen.Elements("{}", """{"amount": 10}""", """{"amount": 5000, "currency": "EUR"}""", """{"total": 1, "amount": "x"}""", """{"amount": 20, "currency": "USD"}""")
        from taint in Gen.Elements(TrustLevel.Operator, TrustLevel.Internal, TrustLevel.Untrusted)
        from explain in Gen.Elements(false, false, true)
        select new Proposed(capability, proposer, kind, permille / 1000.0, arguments, taint, explain);

    public static Gen<Standing> StandingGen() =>
        from agent in Gen.Elements(Agents)
        from capability in Gen.Elements(Offered.Select(c => c.Name).ToArray())
        from level in Gen.Elements<AgentTrustLevel?>(null, AgentTrustLevel.Observe, AgentTrustLevel.Propose, AgentTrustLevel.AutoLowRisk, AgentTrustLevel.Trusted)
        select new Standing(agent, capability, level);

    public static Gen<Case> CaseGen() =>
        from document in PolicyArbitraries.DocumentGen()
        from extended in PolicyFilePropertiesTests.ExtendGen(document)
        from shadow in Gen.Elements(false, false, false, true)
        from initial in Gen.ListOf(Gen.Zip(
            Gen.OneOf(Gen.Elements(Agents), Gen.Zip(Gen.Elements(Agents), Gen.Elements(Offered.Select(c => c.Name).ToArray())).Select(p => $"{p.Item1}/{p.Item2}")),
            Gen.Elements(Enum.GetValues<AgentTrustLevel>())))
        from standings in Gen.ListOf(StandingGen())
        from user in Gen.Elements(false, false, true)
        from minute in Gen.Choose(0, 1439)
        from proposals in Gen.NonEmptyListOf(ProposedGen())
        select new Case(extended, shadow, [.. initial.DistinctBy(i => i.Item1)], [.. standings.DistinctBy(s => (s.Agent, s.Capability))], user, minute, [.. proposals.Take(6)]);

    [Property(MaxTest = 300)]
    public Property EvaluateAsync_CompiledAndUncompiled_AgreeOnEveryVerdictAndTheDecision() =>
        Prop.ForAll(Arb.From(CaseGen()), c =>
        {
            var clock = new FakeTimeProvider(Noon.Date.AddMinutes(c.MinuteOfDay));
            var options = new OperatorOsOptions { ShadowMode = c.CodeShadowMode };
            foreach ((string key, AgentTrustLevel level) in c.InitialLevels)
            {
                options.TrustLadder.InitialLevels[key] = level;
            }

            var source = new FixedSource(c.Document, options);
            var registry = new AgentRegistry(
                [
                    new AgentRole("triage", "Answers.") { GrantedCapabilities = ["mail.send", "notes.read"] },
                    new AgentRole("scribe", "Notes.") { GrantedCapabilities = ["notes.write", "billing.refund"], Escalation = new AgentEscalation(0.5) },
                ],
                source);
            var catalog = new ConnectorCatalog([new RecordingConnector("test", Offered, clock)]);
            var memory = new InMemoryMemoryStore(clock);
            foreach (Standing standing in c.Standings)
            {
                // A level nobody can read, too: the ladder counts it as its fallback.
                var value = standing.Level is { } level
                    ? TrustFact.ToJson(new TrustStanding(standing.Agent, standing.Capability, level))
                    : TestJson.Parse("""{ "level": "Bogus" }""");
                memory.WriteAsync(new MemoryWrite(TrustFact.EntityOf(standing.Agent), TrustFact.AttributeOf(standing.Capability), MemoryKind.Fact, value, new Provenance(ActorKind.Operator, "test"))).GetAwaiter().GetResult();
            }

            using var ladder = new TrustLadder(memory, new KernelJournal(new InMemoryJournal(clock)), source, registry, clock);
            var user = new FixedPolicy(PolicyDecision.ShadowOnly("house.watch", "The operator watches this week."));
            var compiled = new PolicyPipeline(Policies(source, ladder, registry, clock, c.UserPolicy ? user : null), source, catalog, registry);
            var uncompiled = new PolicyPipeline(Policies(source, ladder, registry, clock, c.UserPolicy ? user : null));

            foreach (Proposed p in c.Proposals)
            {
                var proposal = new ActionProposal(Guid.NewGuid().ToString("n"), p.Capability, TestJson.Parse(p.Arguments), p.Proposer, clock.GetUtcNow())
                {
                    ProposerKind = p.Kind,
                    Confidence = p.Confidence,
                    Taint = p.Taint,
                };
                AgentRole? agent = p.Kind == ActorKind.Agent ? registry.Find(p.Proposer) : null;
                var context = new PolicyContext(proposal, catalog.TryGet(p.Capability, out var entry) ? entry.Descriptor : null, agent) { IsExplanation = p.Explain };

                PolicyEvaluation fast = compiled.EvaluateAsync(context, CancellationToken.None).AsTask().GetAwaiter().GetResult();
                PolicyEvaluation slow = uncompiled.EvaluateAsync(context, CancellationToken.None).AsTask().GetAwaiter().GetResult();

                // Whatever the table covers must come from it: a known capability, proposed by a registered agent or by anyone else.
                bool covered = context.Capability is not null && (p.Kind != ActorKind.Agent || agent is not null);
                if (!Describe(fast).SequenceEqual(Describe(slow)) || covered != (compiled.Table()!.Find(context) is not null))
                {
                    return false;
                }
            }

            return true;
        });

    private static IPolicy[] Policies(IEffectivePolicySource source, TrustLadder ladder, AgentRegistry registry, TimeProvider clock, IPolicy? user) =>
    [
        new CapabilityScopePolicy(source),
        new RiskTierPolicy(source, deferToTrustLadder: true),
        new TrustLadderPolicy(ladder, source),
        new TaintPolicy(source),
        new ShadowModePolicy(source),
        new AmountThresholdPolicy(source),
        new ConfidenceThresholdPolicy(source),
        new AgentEscalationPolicy(registry),
        new RateLimitPolicy(source, clock),
        new QuietHoursPolicy(source, clock),
        .. user is null ? Array.Empty<IPolicy>() : [user],
    ];

    private static IEnumerable<string> Describe(PolicyEvaluation evaluation) =>
        evaluation.Verdicts.Select(v => v.ToString()).Prepend("decision: " + evaluation.Decision);

    private sealed class FixedPolicy(PolicyDecision decision) : IPolicy
    {
        public ValueTask<PolicyDecision?> EvaluateAsync(PolicyContext context, CancellationToken cancellationToken = default) => ValueTask.FromResult<PolicyDecision?>(decision);
    }
}
