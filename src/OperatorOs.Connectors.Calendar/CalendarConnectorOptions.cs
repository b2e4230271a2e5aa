using System.Globalization;
using OperatorOs.Connectors.Calendar.Internal;

namespace OperatorOs.Connectors.Calendar;

/// <summary>Represents the settings of a <see cref="CalendarConnector"/>: which CalDAV calendar, with which credentials, and where the
/// operation ledger lives.</summary>
/// <remarks>
/// <para><see cref="Password"/> is meant to come from configuration, user secrets or environment variables. The connector sends it
/// only in the <c>Authorization</c> header: it never appears in results, exception messages, logs or <see cref="ToString"/>.</para>
/// <para>The connector copies the values when it is created; changing the options afterwards has no effect on it.</para>
/// </remarks>
public class CalendarConnectorOptions
{
    /// <summary>Gets or sets the URL of the calendar collection, for example <c>https://dav.example.com/alice/calendar/</c>.</summary>
    /// <value>Required: an absolute http or https URL without user information. A missing trailing slash is added.</value>
    public Uri? CalendarUrl { get; set; }

    /// <summary>Gets or sets the user name for HTTP basic authentication.</summary>
    /// <value>The default value is <see langword="null"/>: requests carry no credentials.</value>
    public string? Username { get; set; }

    /// <summary>Gets or sets the password for HTTP basic authentication.</summary>
    /// <value>The default value is <see langword="null"/>. The value is a secret.</value>
    public string? Password { get; set; }

    /// <summary>Gets or sets the path of the SQLite file that records the results of create, update and delete per operation token.</summary>
    /// <value>Required unless <see cref="ReadOnly"/> is set; created when missing. A relative path is resolved against the current directory.</value>
    public string? LedgerPath { get; set; }

    /// <summary>Gets or sets a value indicating whether the connector offers only <c>calendar.list</c> and <c>calendar.freebusy</c>.</summary>
    /// <value>The default value is <see langword="false"/>. When <see langword="true"/>, the operations with an effect are neither listed nor executable.</value>
    public bool ReadOnly { get; set; }

    /// <summary>Gets or sets a value indicating whether the first write creates the calendar collection (MKCALENDAR) when it does not exist.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool CreateCalendarIfMissing { get; set; } = true;

    /// <summary>Gets or sets the domain part of the UIDs the connector derives from operation tokens (<c>{hash}@{UidDomain}</c>).</summary>
    /// <value>The default value is <c>operatoros</c>. Letters, digits, dots and hyphens. Changing it changes every derived UID, so
    /// tokens of operations made before the change are no longer recognised on the server.</value>
    public string UidDomain { get; set; } = CalendarConnectorConstants.DefaultUidDomain;

    /// <summary>Gets or sets the organizer of events that have attendees but no <c>organizer</c> argument.</summary>
    /// <value>The default value is <see langword="null"/>: such events need an <c>organizer</c> argument.</value>
    public string? DefaultOrganizer { get; set; }

    /// <summary>Gets or sets how long one attempt (sending a request and reading the response) may take.</summary>
    /// <value>The default value is 30 seconds. It must be positive and at most a day.</value>
    public TimeSpan Timeout { get; set; } = CalendarConnectorConstants.DefaultTimeout;

    /// <summary>Gets or sets how many times a failed attempt of a request that is safe to repeat is retried.</summary>
    /// <value>The default value is 3. It must be between 0 and 10.</value>
    public int MaxRetryAttempts { get; set; } = CalendarConnectorConstants.DefaultMaxRetryAttempts;

    /// <summary>Gets or sets the base delay between attempts; it grows exponentially, with jitter, unless the server sends <c>Retry-After</c>.</summary>
    /// <value>The default value is 500 milliseconds. It must not be negative.</value>
    public TimeSpan RetryDelay { get; set; } = CalendarConnectorConstants.DefaultRetryDelay;

    /// <summary>Gets or sets the longest <c>Retry-After</c> the connector waits for; a response asking for longer is not retried.</summary>
    /// <value>The default value is 30 seconds. It must not be negative.</value>
    public TimeSpan MaxRetryAfter { get; set; } = CalendarConnectorConstants.DefaultMaxRetryAfter;

    /// <summary>Gets or sets the largest response body, in bytes, the connector reads; a larger response fails the operation.</summary>
    /// <value>The default value is 4 MiB. It must be positive.</value>
    public int MaxResponseBytes { get; set; } = CalendarConnectorConstants.DefaultMaxResponseBytes;

    /// <summary>Gets or sets how many events (occurrences) <c>calendar.list</c> returns at most; the output says when it cut the list.</summary>
    /// <value>The default value is 500. It must be between 1 and 10,000.</value>
    public int MaxListedEvents { get; set; } = CalendarConnectorConstants.DefaultMaxListedEvents;

    /// <summary>Describes the options with the password redacted.</summary>
    /// <returns>A one-line description, safe to log.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{nameof(CalendarConnectorOptions)} {{ CalendarUrl = {CalendarUrl}, Username = {Username ?? "(none)"}, Password = {(string.IsNullOrEmpty(Password) ? "(none)" : SecretRedactor.Mask)}, LedgerPath = {LedgerPath}, ReadOnly = {ReadOnly}, Timeout = {Timeout} }}");
}
