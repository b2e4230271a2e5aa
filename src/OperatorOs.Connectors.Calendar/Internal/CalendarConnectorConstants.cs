namespace OperatorOs.Connectors.Calendar.Internal;

/// <summary>The defaults and limits of the Calendar connector.</summary>
internal static class CalendarConnectorConstants
{
    public const string Name = "calendar";
    public const string DefaultUidDomain = "operatoros";
    public const string ProductId = "-//OperatorOs//Calendar Connector//EN";
    public const int DefaultMaxRetryAttempts = 3;
    public const int MaxRetryAttemptsLimit = 10;
    public const int DefaultMaxResponseBytes = 4 * 1024 * 1024;
    public const int DefaultMaxListedEvents = 500;
    public const int MaxListedEventsLimit = 10_000;
    public const int ErrorExcerptChars = 300;

    /// <summary>How many update tokens an event remembers (<c>X-OPERATOROS-APPLIED</c>); older ones are dropped.</summary>
    public const int AppliedTokensKept = 32;

    /// <summary>How often an update or delete re-reads the event after a concurrent change (412) before giving up.</summary>
    public const int MaxConditionalAttempts = 5;

    public const int MaxSummaryLength = 1000;
    public const int MaxTextLength = 10_000;
    public const int MaxAttendees = 100;

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan DefaultRetryDelay = TimeSpan.FromMilliseconds(500);
    public static readonly TimeSpan DefaultMaxRetryAfter = TimeSpan.FromSeconds(30);

    /// <summary>The longest span <c>calendar.list</c> and <c>calendar.freebusy</c> accept, and the longest event.</summary>
    public static readonly TimeSpan MaxRange = TimeSpan.FromDays(366);
}
