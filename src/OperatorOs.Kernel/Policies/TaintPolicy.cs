namespace OperatorOs;

/// <summary>Holds for approval any external, financial or commitment action whose arguments came from untrusted content.</summary>
/// <remarks>This is what keeps a prompt-injected inbound email from raising its own privileges.</remarks>
internal sealed class TaintPolicy : IPolicy
{
    public const string RuleId = "taint.untrusted";

    private readonly ConnectorCatalog _catalog;

    public TaintPolicy(ConnectorCatalog catalog)
    {
        _catalog = catalog;
    }

    public ValueTask<PolicyDecision?> EvaluateAsync(PolicyContext context, CancellationToken cancellationToken = default)
    {
        if (context.Proposal.Taint != TrustLevel.Untrusted ||
            context.Capability is null ||
            !_catalog.TryGet(context.Capability.Name, out ConnectorCatalog.Entry entry) ||
            entry.EffectiveTier < RiskTier.External)
        {
            return ValueTask.FromResult<PolicyDecision?>(null);
        }

        return ValueTask.FromResult<PolicyDecision?>(PolicyDecision.NeedsApproval(
            RuleId,
            $"The arguments derive from untrusted input and '{context.Capability.Name}' is {entry.EffectiveTier}."));
    }
}
