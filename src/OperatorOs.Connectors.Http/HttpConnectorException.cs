namespace OperatorOs.Connectors.Http;

/// <summary>The exception that is thrown when an HTTP operation fails: the server answered with an error status, or no answer came.</summary>
/// <remarks>The message never contains a configured credential; a response body excerpt in it is redacted and truncated.</remarks>
public sealed class HttpConnectorException : ConnectorException
{
    /// <summary>Initializes a new instance of the <see cref="HttpConnectorException"/> class.</summary>
    /// <param name="connector">The connector's name.</param>
    /// <param name="message">What failed.</param>
    /// <param name="isTransient">Whether trying again with the same token may succeed.</param>
    /// <param name="statusCode">The HTTP status code of the response, or <see langword="null"/> when none came.</param>
    /// <param name="innerException">The exception that caused the failure, if any.</param>
    public HttpConnectorException(string connector, string message, bool isTransient, int? statusCode = null, Exception? innerException = null)
        : base(connector, message, isTransient, innerException)
    {
        StatusCode = statusCode;
    }

    /// <summary>Gets the HTTP status code of the response, or <see langword="null"/> when no response came (a network failure or a timeout).</summary>
    public int? StatusCode { get; }
}
