namespace OperatorOs;

/// <summary>Specifies what a rate limit counts proposals of.</summary>
public enum RateLimitScope
{
    /// <summary>Proposals made by one agent role, whatever the capability.</summary>
    Agent = 0,

    /// <summary>Proposals for one capability, whoever proposes them.</summary>
    Capability = 1,
}
