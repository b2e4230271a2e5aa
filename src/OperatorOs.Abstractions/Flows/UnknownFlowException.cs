namespace OperatorOs;

/// <summary>The exception thrown when no definition with a name (and version) is registered.</summary>
public sealed class UnknownFlowException : FlowException
{
    /// <summary>Initializes a new instance of the <see cref="UnknownFlowException"/> class.</summary>
    /// <param name="flowName">The flow name asked for.</param>
    /// <param name="version">The version asked for, or <see langword="null"/> for the latest.</param>
    public UnknownFlowException(string flowName, int? version = null)
        : base(version is null
            ? $"No flow named '{flowName}' is registered."
            : $"Version {version} of the flow '{flowName}' is not registered; an instance keeps its version, so register every version that still has instances.")
    {
        FlowName = flowName;
        Version = version;
    }

    /// <summary>Gets the flow name asked for.</summary>
    public string FlowName { get; }

    /// <summary>Gets the version asked for, or <see langword="null"/>.</summary>
    public int? Version { get; }
}
