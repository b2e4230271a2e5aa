namespace OperatorOs.Kernel.Tests.Policies;

/// <summary>Fixed policies and proposals for the policy-file tests.</summary>
internal static class PolicyFileFixtures
{
    public static readonly DateTimeOffset Noon = new(2026, 9, 1, 12, 0, 0, TimeSpan.Zero);

    public static string ExamplePath => Path.Combine(AppContext.BaseDirectory, "Policies", "policies.example.json");

    public static string Example => File.ReadAllText(ExamplePath);

    public static readonly CapabilityDescriptor[] Capabilities =
    [
        RecordingConnector.Capability("notes.read", RiskTier.Read),
        RecordingConnector.Capability("notes.write", RiskTier.Internal),
        RecordingConnector.Capability("mail.send", RiskTier.External),
        RecordingConnector.Capability("billing.refund", RiskTier.Financial),
    ];

    public static CapabilityDescriptor Capability(string name) => Capabilities.Single(c => c.Name == name);

    public static PolicyContext Context(string capability, string arguments = "{}", string proposer = "operator", ActorKind kind = ActorKind.Operator, double confidence = 1, AgentRole? agent = null) =>
        new(new ActionProposal(Guid.NewGuid().ToString("n"), capability, TestJson.Parse(arguments), proposer, Noon) { ProposerKind = kind, Confidence = confidence },
            Capabilities.SingleOrDefault(c => c.Name == capability),
            agent);

    public static PolicyDecision? Evaluate(IPolicy policy, PolicyContext context) =>
        policy.EvaluateAsync(context, CancellationToken.None).AsTask().GetAwaiter().GetResult();

    internal sealed class FixedSource(PolicyDocument? document, OperatorOsOptions? options = null) : IEffectivePolicySource
    {
        public EffectivePolicy Current { get; } = new(options ?? new OperatorOsOptions(), document);
    }
}
