namespace OperatorOs.Connectors.Calendar;

/// <summary>The exception that is thrown when a calendar operation fails: the CalDAV server refused it, answered with something
/// that is not well-formed WebDAV XML or iCalendar, or did not answer.</summary>
/// <remarks>The message says which request failed and why; it never contains the configured password or the Authorization header,
/// and a response excerpt in it is redacted and truncated.</remarks>
public sealed class CalendarConnectorException : ConnectorException
{
    /// <summary>Initializes a new instance of the <see cref="CalendarConnectorException"/> class.</summary>
    /// <param name="connector">The connector's name.</param>
    /// <param name="message">What failed, naming the request (for example <c>REPORT /alice/calendar/</c>).</param>
    /// <param name="isTransient">Whether trying again with the same token may succeed.</param>
    /// <param name="statusCode">The HTTP status code of the response, or <see langword="null"/> when none came or the status was not the problem.</param>
    /// <param name="innerException">The exception that caused the failure, if any.</param>
    public CalendarConnectorException(string connector, string message, bool isTransient, int? statusCode = null, Exception? innerException = null)
        : base(connector, message, isTransient, innerException)
    {
        StatusCode = statusCode;
    }

    /// <summary>Gets the HTTP status code of the failed response, or <see langword="null"/> when no response came (a network failure
    /// or a timeout) or the response was malformed rather than refused.</summary>
    public int? StatusCode { get; }
}
