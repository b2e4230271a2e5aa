using Microsoft.Extensions.Logging;

namespace OperatorOs;

/// <summary>The approval dispatcher's log messages.</summary>
internal static partial class ApprovalDispatchLog
{
    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Executed approved action {ApprovalId} ({Capability}) that had no outcome yet.")]
    public static partial void Executed(ILogger logger, string approvalId, string capability);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Warning, Message = "Approved action {ApprovalId} ({Capability}) failed transiently; it is tried again at the next pass. {Error}")]
    public static partial void TransientFailure(ILogger logger, string approvalId, string capability, string error);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Error, Message = "Approved action {ApprovalId} ({Capability}) failed; it is not tried again until the host restarts or the operator approves it again. {Error}")]
    public static partial void Failed(ILogger logger, string approvalId, string capability, string error);

    [LoggerMessage(EventId = 1204, Level = LogLevel.Warning, Message = "Approved action {ApprovalId} targets '{Capability}', which no connector of this host offers; it waits for a host that has one.")]
    public static partial void NoConnector(ILogger logger, string approvalId, string capability);

    [LoggerMessage(EventId = 1205, Level = LogLevel.Error, Message = "An approval dispatch pass failed; the next pass tries again.")]
    public static partial void PassFailed(ILogger logger, Exception exception);
}
