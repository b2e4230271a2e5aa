namespace OperatorOs;

/// <summary>Specifies what a policy says should happen to a proposal.</summary>
/// <remarks>Values are ordered by strictness; when policies disagree the strictest verdict wins (Deny &gt; NeedsApproval &gt; ShadowOnly &gt; Execute).</remarks>
public enum PolicyVerdict
{
    /// <summary>Execute the action now.</summary>
    Execute = 0,

    /// <summary>Record what would have been done, but do not do it.</summary>
    ShadowOnly = 1,

    /// <summary>Hold the action until the operator approves it.</summary>
    NeedsApproval = 2,

    /// <summary>Do not execute the action.</summary>
    Deny = 3,
}
