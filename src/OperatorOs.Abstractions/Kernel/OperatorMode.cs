namespace OperatorOs;

/// <summary>How the system is running, as the operator should know it.</summary>
public enum OperatorMode
{
    /// <summary>Models answer on their configured tiers.</summary>
    Online = 0,

    /// <summary>No model is configured: agents follow their deterministic strategies or leave their work to the operator.</summary>
    Offline = 1,

    /// <summary>A model failed or a budget ran out: work falls back to cheaper tiers, deterministic strategies or the operator.</summary>
    Degraded = 2,
}
