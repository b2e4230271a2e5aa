namespace OperatorOs;

/// <summary>Represents a rate limit: at most <see cref="PermitLimit"/> proposals per <see cref="Window"/> for one agent role or one capability; the ones over it get <see cref="Exceeded"/>.</summary>
/// <param name="Scope">What the limit counts proposals of.</param>
/// <param name="Name">The agent role or capability name.</param>
/// <param name="PermitLimit">How many proposals a window allows.</param>
/// <param name="Window">The length of a fixed window, measured on the kernel's <see cref="TimeProvider"/>.</param>
/// <param name="Exceeded">The verdict for proposals over the limit: <see cref="PolicyVerdict.NeedsApproval"/> or <see cref="PolicyVerdict.Deny"/>.</param>
public sealed record RateLimitRule(RateLimitScope Scope, string Name, int PermitLimit, TimeSpan Window, PolicyVerdict Exceeded = PolicyVerdict.NeedsApproval)
{
    /// <summary>Gets the id of the rule, for example <c>rate.agent.triage</c> or <c>rate.capability.mail.send</c>.</summary>
    public string RuleId => (Scope == RateLimitScope.Agent ? "rate.agent." : "rate.capability.") + Name;
}
