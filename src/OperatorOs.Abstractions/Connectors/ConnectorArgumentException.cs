namespace OperatorOs;

/// <summary>The exception that is thrown when a connector operation's arguments are malformed; nothing was done.</summary>
public sealed class ConnectorArgumentException : OperatorOsException
{
    /// <summary>Initializes a new instance of the <see cref="ConnectorArgumentException"/> class.</summary>
    /// <param name="capability">The capability whose arguments are malformed.</param>
    /// <param name="path">The JSON path of the offending argument, for example <c>$.path</c>.</param>
    /// <param name="problem">What is wrong with it.</param>
    public ConnectorArgumentException(string capability, string path, string problem)
        : base($"Invalid arguments for '{capability}' at {path}: {problem}.")
    {
        Capability = capability;
        Path = path;
        Problem = problem;
    }

    /// <summary>Gets the capability whose arguments are malformed.</summary>
    public string Capability { get; }

    /// <summary>Gets the JSON path of the offending argument.</summary>
    public string Path { get; }

    /// <summary>Gets what is wrong with the argument.</summary>
    public string Problem { get; }
}
