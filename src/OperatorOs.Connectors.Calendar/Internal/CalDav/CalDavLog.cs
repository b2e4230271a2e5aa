using Microsoft.Extensions.Logging;

namespace OperatorOs.Connectors.Calendar.Internal;

/// <summary>The connector's log messages. They carry methods, paths, statuses and timings, never headers, bodies or credentials.</summary>
internal static partial class CalDavLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "{Method} {Path} -> {StatusCode} in {ElapsedMilliseconds} ms")]
    public static partial void Answered(ILogger logger, string method, string path, int statusCode, long elapsedMilliseconds);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Retrying {Method} {Path} in {Delay} (attempt {Attempt}): {Reason}")]
    public static partial void Retrying(ILogger logger, string method, string path, TimeSpan delay, int attempt, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Created the calendar collection {Path}")]
    public static partial void CreatedCalendar(ILogger logger, string path);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "The server does not answer free-busy-query on {Path} ({StatusCode}); computing free/busy from calendar-query")]
    public static partial void FreeBusyQueryUnsupported(ILogger logger, string path, int statusCode);
}
