namespace OperatorOs;

/// <summary>Tells a shell or host whether the system runs online, offline or degraded.</summary>
public interface IOperatorStatus
{
    /// <summary>Gets the current status.</summary>
    /// <returns>The status as of now.</returns>
    OperatorStatus GetStatus();
}
