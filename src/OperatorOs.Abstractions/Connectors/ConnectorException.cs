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

    /// <summary>Gets how long the service asked to wait before the operation is tried again (an HTTP <c>Retry-After</c>, for example), or <see langword="null"/> when it did not say.</summary>
    /// <remarks>
    /// Meaningful for transient failures only. The kernel's executor waits this long before its next attempt instead of its own backoff,
    /// as long as it does not exceed <c>OperatorOsOptions.MaxExecutionRetryAfter</c> (a longer wait fails the operation as transient at once),
    /// and a flow step that failed with it waits at least this long before it is tried again. Set it when the connector gives up on a
    /// response that named a delay, for example a 429 or a 503 it did not retry further.
    /// </remarks>
    /// <value>The default value is <see langword="null"/>.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public TimeSpan? RetryAfter
    {
        get;
        init
        {
            if (value is { } wait)
            {
                ArgumentOutOfRangeException.ThrowIfLessThan(wait, TimeSpan.Zero, nameof(RetryAfter));
            }

            field = value;
        }
    }
}
