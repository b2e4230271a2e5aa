namespace OperatorOs;

/// <summary>The exception that is thrown when no connector offers a capability.</summary>
public sealed class UnknownCapabilityException : OperatorOsException
{
    /// <summary>Initializes a new instance of the <see cref="UnknownCapabilityException"/> class.</summary>
    /// <param name="capability">The capability that was asked for.</param>
    /// <param name="connector">The connector that was asked, or <see langword="null"/> when the kernel looked across all of them.</param>
    public UnknownCapabilityException(string capability, string? connector = null)
        : base(connector is null
            ? $"No registered connector offers the capability '{capability}'."
            : $"The connector '{connector}' does not offer the capability '{capability}'.")
    {
        Capability = capability;
    }

    /// <summary>Gets the capability that was asked for.</summary>
    public string Capability { get; }
}
