namespace OperatorOs.Shell;

/// <summary>
/// Describes one capability to the kernel so <c>opos policy explain</c> can judge a proposal for it: its name and risk tier,
/// which the policy rules read. It is not a connector to the outside world: the CLI never executes, and this refuses to.
/// </summary>
internal sealed class DescribedCapabilityConnector : Connector
{
    public DescribedCapabilityConnector(CapabilityDescriptor capability)
        : base("opos-explain")
    {
        Capabilities = [capability];
    }

    public override IReadOnlyList<CapabilityDescriptor> Capabilities { get; }

    public override Task<OperationResult> ExecuteAsync(OperationRequest request, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException("opos only explains policy; it never executes an operation.");

    public override Task<OperationStatus> GetStatusAsync(OperationToken token, CancellationToken cancellationToken = default) =>
        Task.FromResult(OperationStatus.NotFound(token));
}
