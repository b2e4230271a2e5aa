namespace OperatorOs;

/// <summary>The exception thrown when no flow instance has an id, or no unfinished instance of a flow has a correlation key.</summary>
public sealed class FlowInstanceNotFoundException : FlowException
{
    /// <summary>Initializes a new instance of the <see cref="FlowInstanceNotFoundException"/> class.</summary>
    /// <param name="message">What was looked for.</param>
    public FlowInstanceNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception for an instance id.</summary>
    /// <param name="instanceId">The id.</param>
    /// <returns>The exception.</returns>
    public static FlowInstanceNotFoundException ForId(string instanceId) => new($"No flow instance has the id '{instanceId}'.");

    /// <summary>Creates the exception for a correlation key.</summary>
    /// <param name="flowName">The flow.</param>
    /// <param name="correlationKey">The key.</param>
    /// <returns>The exception.</returns>
    public static FlowInstanceNotFoundException ForCorrelation(string flowName, string correlationKey) =>
        new($"No unfinished instance of the flow '{flowName}' has the correlation key '{correlationKey}'.");
}
