using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace OperatorOs;

/// <summary>Resumes every unfinished flow instance when the host starts, then watches the approvals waiting instances depend on and the operator's resume requests.</summary>
/// <remarks>
/// <para>Recovery runs in the background, so the host starts at once; events and timers for an instance recovery has not reached yet
/// load it on demand. Approvals decided through this process's <see cref="IApprovalQueue"/> resume their instance immediately;
/// the poll notices decisions taken by another process sharing the storage, and expires requests that are due.</para>
/// <para>Resume requests recorded by <see cref="FlowStorage.RequestResumeAsync"/> (the <c>opos flows resume</c> command) are handled
/// after the start-up recovery and at every poll: a request is claimed with a versioned memory write, so when several hosts share
/// the storage exactly one resumes the instance, then marked done or failed with the error. A failed request is not retried
/// until the operator asks again.</para>
/// </remarks>
internal sealed class FlowRecoveryService : BackgroundService
{
    private readonly FlowRuntime _runtime;
    private readonly IApprovalQueue _approvals;
    private readonly TimeProvider _timeProvider;
    private readonly FlowRuntimeOptions _options;
    private readonly MemoryStore _memory;
    private readonly Provenance _provenance = new(ActorKind.System, $"flow-recovery@{Environment.MachineName}/{Environment.ProcessId}");
    private readonly TaskCompletionSource<int> _recovered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public FlowRecoveryService(FlowRuntime runtime, IApprovalQueue approvals, MemoryStore memory, TimeProvider timeProvider, IOptions<FlowRuntimeOptions> options)
    {
        _memory = memory;
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

        await HandleResumeRequestsAsync(stoppingToken).ConfigureAwait(false);
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

            await HandleResumeRequestsAsync(stoppingToken).ConfigureAwait(false);
        }
    }

    /// <summary>Claims and carries out every waiting resume request; returns how many this host handled.</summary>
    internal async Task<int> HandleResumeRequestsAsync(CancellationToken stoppingToken)
    {
        IReadOnlyList<MemoryRecord> records;
        try
        {
            records = await _memory.GetEntityAsync(FlowResumeRequests.Entity, stoppingToken).ConfigureAwait(false);
        }
        catch (OperatorOsException)
        {
            return 0; // The storage is busy or failing: the next poll reads again.
        }

        int handled = 0;
        foreach (MemoryRecord record in records)
        {
            if (stoppingToken.IsCancellationRequested)
            {
                break;
            }

            if (FlowResumeRequests.Read(record) is { Status: FlowResumeRequestStatus.Requested } request
                && await HandleAsync(request, record.Version, stoppingToken).ConfigureAwait(false))
            {
                handled++;
            }
        }

        return handled;
    }

    private async Task<bool> HandleAsync(FlowResumeRequest request, int version, CancellationToken stoppingToken)
    {
        // The claim: only the host whose write lands on the version it read resumes; another host (or a newer request) wins otherwise.
        FlowResumeRequest claimed = request with { Status = FlowResumeRequestStatus.Resuming, HandledBy = _provenance.Actor, HandledAt = _timeProvider.GetUtcNow() };
        MemoryRecord claim;
        try
        {
            claim = await _memory.WriteAsync(FlowResumeRequests.Write(claimed, _provenance, version), stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperatorOsException or OperationCanceledException)
        {
            return false; // MemoryConflictException: taken by another host, or superseded by a newer request.
        }

        FlowResumeRequest outcome;
        try
        {
            FlowInstance instance = await _runtime.ResumeAsync(request.InstanceId, stoppingToken).ConfigureAwait(false);
            outcome = claimed with
            {
                Status = instance.Status == FlowStatus.Failed ? FlowResumeRequestStatus.Failed : FlowResumeRequestStatus.Done,
                InstanceStatus = instance.Status,
                Error = instance.Status == FlowStatus.Failed ? instance.Error : null,
            };
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host stops: hand the request back, so the next poll or start (here or elsewhere) takes it.
            outcome = request;
        }
        catch (Exception ex)
        {
            outcome = claimed with { Status = FlowResumeRequestStatus.Failed, Error = ex.Message };
        }

        try
        {
            outcome = outcome with { HandledAt = outcome.Status == FlowResumeRequestStatus.Requested ? null : _timeProvider.GetUtcNow() };
            _ = await _memory.WriteAsync(FlowResumeRequests.Write(outcome, _provenance, claim.Version), CancellationToken.None).ConfigureAwait(false);
        }
        catch (OperatorOsException)
        {
            // A newer request superseded the claim (the next poll handles it), or the storage failed: the instance itself is journaled either way.
        }

        return outcome.Status != FlowResumeRequestStatus.Requested;
    }
}
