using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace OperatorOs;

/// <summary>Resumes every unfinished flow instance when the host starts, then watches the approvals waiting instances depend on.</summary>
/// <remarks>
/// Recovery runs in the background, so the host starts at once; events and timers for an instance recovery has not reached yet
/// load it on demand. Approvals decided through this process's <see cref="IApprovalQueue"/> resume their instance immediately;
/// the poll notices decisions taken by another process sharing the storage, and expires requests that are due.
/// </remarks>
internal sealed class FlowRecoveryService : BackgroundService
{
    private readonly FlowRuntime _runtime;
    private readonly IApprovalQueue _approvals;
    private readonly TimeProvider _timeProvider;
    private readonly FlowRuntimeOptions _options;
    private readonly TaskCompletionSource<int> _recovered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public FlowRecoveryService(FlowRuntime runtime, IApprovalQueue approvals, TimeProvider timeProvider, IOptions<FlowRuntimeOptions> options)
    {
        _runtime = runtime;
        _approvals = approvals;
        _timeProvider = timeProvider;
        _options = options.Value;
    }

    /// <summary>Gets a task that completes, with the number of instances resumed, when the start-up recovery has finished.</summary>
    public Task<int> Recovered => _recovered.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            _recovered.TrySetResult(await _runtime.RecoverAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (Exception ex)
        {
            _recovered.TrySetException(ex);
            throw;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_options.ApprovalPollInterval, _timeProvider, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            foreach ((string instanceId, string approvalId) in _runtime.AwaitedApprovals())
            {
                try
                {
                    // Reading through the queue expires a due request and tells the runtime; a decision from elsewhere is picked up by a resume.
                    ApprovalRequest? request = await _approvals.GetAsync(approvalId, stoppingToken).ConfigureAwait(false);
                    if (request is { Status: not ApprovalStatus.Pending })
                    {
                        _ = await _runtime.ResumeAsync(instanceId, stoppingToken).ConfigureAwait(false);
                    }
                }
                catch (OperatorOsException)
                {
                    // The instance keeps its place; the next poll, a resume or the next start tries again. The host keeps running.
                }
            }
        }
    }
}
