using Microsoft.Extensions.Logging;

namespace OperatorOs;

/// <summary>The policy file's log messages.</summary>
internal static partial class PolicyFileLog
{
    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Policy file '{Path}' loaded: {Rules} rule(s) in force.")]
    public static partial void Loaded(ILogger logger, string path, int rules);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Error, Message = "Policy file rejected; the last good policy stays in force. {Error}")]
    public static partial void Rejected(ILogger logger, string error);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Warning, Message = "Policy file reload after a change failed unexpectedly.")]
    public static partial void ReloadFailed(ILogger logger, Exception exception);
}
