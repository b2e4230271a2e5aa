using Microsoft.Extensions.Options;

namespace OperatorOs;

/// <summary>In shadow mode, records every action instead of executing it.</summary>
internal sealed class ShadowModePolicy : IPolicy
{
    public const string RuleId = "shadow-mode";

    private readonly IOptions<OperatorOsOptions> _options;

    public ShadowModePolicy(IOptions<OperatorOsOptions> options)
    {
        _options = options;
    }

    public ValueTask<PolicyDecision?> EvaluateAsync(PolicyContext context, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_options.Value.ShadowMode
            ? PolicyDecision.ShadowOnly(RuleId, "Shadow mode is on: the action is recorded, not executed.")
            : null);
}
