namespace OperatorOs;

/// <summary>The exception thrown when a flow definition is malformed; the message names the flow, the state and the problem.</summary>
public sealed class FlowDefinitionException : FlowException
{
    /// <summary>Initializes a new instance of the <see cref="FlowDefinitionException"/> class.</summary>
    /// <param name="flowName">The flow.</param>
    /// <param name="state">The state at fault, or <see langword="null"/> when the fault is in the flow as a whole.</param>
    /// <param name="problem">What is wrong.</param>
    public FlowDefinitionException(string flowName, string? state, string problem)
        : base(state is null ? $"Flow '{flowName}': {problem}" : $"Flow '{flowName}', state '{state}': {problem}")
    {
        FlowName = flowName;
        State = state;
        Problem = problem;
    }

    /// <summary>Gets the flow.</summary>
    public string FlowName { get; }

    /// <summary>Gets the state at fault, or <see langword="null"/>.</summary>
    public string? State { get; }

    /// <summary>Gets what is wrong.</summary>
    public string Problem { get; }
}
