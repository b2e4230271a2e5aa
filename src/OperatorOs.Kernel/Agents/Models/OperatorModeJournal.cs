using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace OperatorOs;

/// <summary>Journals the mode a host starts in, so a shell reading the file can tell an offline host from an online one.</summary>
/// <remarks>
/// Once per process (per container): <c>operator.offline</c> when no chat client is registered, <c>operator.online</c> when one is
/// and the journal last said offline or degraded. Nothing is appended when the journal already says so, so restarts do not
/// grow the journal and "since" stays the start of the spell. Degraded and recovered are journaled by the model gateway.
/// </remarks>
internal sealed partial class OperatorModeJournal : IHostedService
{
    private const string CorrelationId = "operator/mode";

    private readonly OperatorStatusTracker _status;
    private readonly KernelJournal _journal;
    private readonly ILogger _logger;
    private int _announced;

    public OperatorModeJournal(OperatorStatusTracker status, KernelJournal journal, ILogger<OperatorModeJournal>? logger = null)
    {
        _status = status;
        _journal = journal;
        _logger = logger ?? NullLogger<OperatorModeJournal>.Instance;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _announced, 1) == 1)
        {
            return;
        }

        OperatorStatus status = _status.GetStatus();
        if (status.Mode == OperatorMode.Offline)
        {
            LogOffline(_logger, status.Reason!);
        }

        string? latest = (await _journal.LatestOperatorStatusAsync(cancellationToken).ConfigureAwait(false))?.Type;
        if (status.Mode == OperatorMode.Offline && latest != JournalEventTypes.OperatorOffline)
        {
            await _journal.OperatorStatusChangedAsync(JournalEventTypes.OperatorOffline, status.Reason!, CorrelationId, cancellationToken).ConfigureAwait(false);
        }
        else if (status.Mode == OperatorMode.Online && latest is JournalEventTypes.OperatorOffline or JournalEventTypes.OperatorDegraded)
        {
            // A new process starts with its models untried: online until a call fails.
            await _journal.OperatorStatusChangedAsync(JournalEventTypes.OperatorOnline, "The host started with a chat client registered.", CorrelationId, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "OperatorOs runs offline: {Reason}")]
    private static partial void LogOffline(ILogger logger, string reason);
}
