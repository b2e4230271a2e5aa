using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace OperatorOs;

/// <summary>Resumes checkpointed agent runs: those whose approvals were decided while the host was down (or whose host died mid-run), at start, then each as its last approval is decided or as it begins to wait.</summary>
internal sealed partial class AgentRunResumeService : BackgroundService
{
    private readonly AgentRunResumer _resumer;
    private readonly IApprovalQueue _approvals;
    private readonly ILogger _logger;

    public AgentRunResumeService(AgentRunResumer resumer, IApprovalQueue approvals, ILogger<AgentRunResumeService>? logger = null)
    {
        _resumer = resumer;
        _approvals = approvals;
        _logger = logger ?? NullLogger<AgentRunResumeService>.Instance;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Watch before scanning, so a decision made between the two is not missed; and watch runs that begin to wait, since a
        // decision made while the run still held its lease had nothing to resume then.
        Task released = ResumeReleasedAsync(stoppingToken);
        IAsyncEnumerator<ApprovalNotification> decisions = _approvals.WatchAsync(stoppingToken).GetAsyncEnumerator(stoppingToken);
        await using (decisions.ConfigureAwait(false))
        {
            ValueTask<bool> next = decisions.MoveNextAsync();
            try
            {
                foreach (string intentId in await _resumer.ListWaitingAsync(stoppingToken).ConfigureAwait(false))
                {
                    await ResumeAsync(intentId, stoppingToken).ConfigureAwait(false);
                }

                while (await next.ConfigureAwait(false))
                {
                    ApprovalRequest request = decisions.Current.Request;
                    if (request.Status != ApprovalStatus.Pending && request.Proposal.IntentId is { } intentId)
                    {
                        await ResumeAsync(intentId, stoppingToken).ConfigureAwait(false);
                    }

                    next = decisions.MoveNextAsync();
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                // The host is stopping; waiting runs stay checkpointed and resume at the next start.
            }
        }

        await released.ConfigureAwait(false);
    }

    private async Task ResumeReleasedAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (string intentId in _resumer.Released.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                await ResumeAsync(intentId, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping, as above.
        }
    }

    private async Task ResumeAsync(string intentId, CancellationToken cancellationToken)
    {
        try
        {
            if (await _resumer.TryResumeAsync(intentId, cancellationToken).ConfigureAwait(false) is { } run)
            {
                LogResumed(_logger, intentId, run.Proposals.Count);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // One bad checkpoint must not stop the others; it stays waiting and is reported.
            LogResumeFailed(_logger, ex, intentId);
        }
    }

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Resumed the agent run of intent {IntentId}: {Proposals} new proposal(s).")]
    private static partial void LogResumed(ILogger logger, string intentId, int proposals);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Error, Message = "Could not resume the agent run of intent {IntentId}; it stays checkpointed.")]
    private static partial void LogResumeFailed(ILogger logger, Exception exception, string intentId);
}
