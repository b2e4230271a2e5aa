namespace OperatorOs;

/// <summary>Specifies how far the operator trusts an agent with one capability: the rungs of the trust ladder, lowest first.</summary>
/// <remarks>Values are ordered; promotion moves one rung up, demotion one rung down.</remarks>
public enum AgentTrustLevel
{
    /// <summary>Shadow only: the agent's proposals are recorded, never executed.</summary>
    Observe = 0,

    /// <summary>Every action that changes state needs the operator's approval; reads keep their risk tier's default.</summary>
    Propose = 1,

    /// <summary>Read and Internal actions execute automatically; External, Financial and Commitment actions need approval.</summary>
    AutoLowRisk = 2,

    /// <summary>Actions execute automatically, within every other rule's thresholds (amounts, confidence, rate, taint, quiet hours).</summary>
    Trusted = 3,
}
