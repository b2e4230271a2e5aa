namespace OperatorOs;

/// <summary>Describes a state of a flow: its transitions, or that it is terminal.</summary>
public sealed class FlowStateDefinition
{
    internal FlowStateDefinition(string name, bool isTerminal, IReadOnlyList<FlowTransitionDefinition> transitions)
    {
        Name = name;
        IsTerminal = isTerminal;
        Transitions = transitions;
    }

    /// <summary>Gets the state's name.</summary>
    public string Name { get; }

    /// <summary>Gets a value indicating whether the state is terminal: an instance that enters it is completed.</summary>
    public bool IsTerminal { get; }

    /// <summary>Gets the state's transitions, in the order they are tried.</summary>
    public IReadOnlyList<FlowTransitionDefinition> Transitions { get; }
}
