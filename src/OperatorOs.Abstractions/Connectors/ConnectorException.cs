namespace OperatorOs;

/// <summary>The exception that is thrown when a connector operation fails.</summary>
public class ConnectorException : OperatorOsException
{
    /// <summary>Initializes a new instance of the <see cref="ConnectorException"/> class.</summary>
    /// <param name="connector">The connector's name.</param>
    /// <param name="message">What failed.</param>
    /// <param name="isTransient">Whether trying again with the same token may succeed.</param>
    /// <param name="innerException">The exception that caused the failure, if any.</param>
    public ConnectorException(string connector, string message, bool isTransient, Exception? innerException = null)
        : base($"Connector '{connector}': {message}", innerException)
    {
        Connector = connector;
        IsTransient = isTransient;
    }

    /// <summary>Gets the connector's name.</summary>
    public string Connector { get; }

    /// <summary>Gets a value indicating whether trying again with the same token may succeed.</summary>
    public bool IsTransient { get; }
}
