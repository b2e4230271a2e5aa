using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OperatorOs.Shared;

namespace OperatorOs;

/// <summary>
/// A hosted service that executes approved actions that have no outcome yet: approved by another process (the operator CLI),
/// or interrupted by a crash between approval and execution. It runs a pass at host start and then every
/// <see cref="ApprovalDispatchOptions.Interval"/>.
/// </summary>
/// <remarks>
/// <para>Each action runs through the kernel's executor with its approval's operation token, which asks the connector for the
/// token's status first; together with the outcome stored on the request, an action is executed exactly once however often
/// passes, restarts or hosts repeat.</para>
/// <para>An action whose connector this host lacks is left for a host that has it. A transient failure is retried at the next
/// pass; any other failure is journaled by the executor and not retried by this instance (approving again retries it).
/// A failed pass never stops the host. Thread-safe; passes never overlap.</para>
/// </remarks>
public sealed class ApprovalDispatcher : BackgroundService
{
    private readonly ApprovalStore _store;
    private readonly ApprovalExecution _execution;
    private readonly ConnectorCatalog _catalog;
    private readonly TimeProvider _timeProvider;
    private readonly IOptions<OperatorOsOptions> _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _pass = new(1, 1);
    private readonly ConcurrentDictionary<string, bool> _setAside = new(StringComparer.Ordinal);
    private int _passesCompleted;

    internal ApprovalDispatcher(
        ApprovalStore store,
        ApprovalExecution execution,
        ConnectorCatalog catalog,
        TimeProvider timeProvider,
        IOptions<OperatorOsOptions> options,
        ILogger logger)
    {
        _store = store;
        _execution = execution;
        _catalog = catalog;
        _timeProvider = timeProvider;
        _options = options;
        _logger = logger;
    }

    /// <summary>Gets how many passes have completed since the host started.</summary>
    public int PassesCompleted => Volatile.Read(ref _passesCompleted);

    /// <summary>Gets the error of the last pass if it failed as a whole (for example, storage locked), or <see langword="null"/>.</summary>
    public Exception? LastError { get; private set; }

    /// <summary>Runs one pass now: executes every approved action that has no outcome and that this host can execute.</summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>How many actions this pass executed.</returns>
    /// <exception cref="OperatorOsException">The approval store cannot be read.</exception>
    public async Task<int> DispatchAsync(CancellationToken cancellationToken = default)
    {
        await _pass.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            int executed = 0;
            IReadOnlyList<ApprovalRequest> approved = await _store.ListAsync(ApprovalStatus.Approved, cancellationToken).ConfigureAwait(false);
            foreach (ApprovalRequest listed in approved)
            {
                if (listed.Outcome is null && await TryExecuteAsync(listed, cancellationToken).ConfigureAwait(false))
                {
                    executed++;
                }
            }

            _ = Interlocked.Increment(ref _passesCompleted);
            return executed;
        }
        finally
        {
            _pass.Release();
        }
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        ApprovalDispatchOptions settings = _options.Value.ApprovalDispatch;
        if (!settings.Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(settings.Interval, _timeProvider);
        do
        {
            try
            {
                _ = await DispatchAsync(stoppingToken).ConfigureAwait(false);
                LastError = null;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                // The host is stopping: what this pass did not reach waits for the next start.
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LastError = ex;
                ApprovalDispatchLog.PassFailed(_logger, ex);
            }
        }
        while (await WaitForNextPassAsync(timer, stoppingToken).ConfigureAwait(false));
    }

    private static async Task<bool> WaitForNextPassAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task<bool> TryExecuteAsync(ApprovalRequest listed, CancellationToken cancellationToken)
    {
        string capability = listed.Proposal.Capability;
        if (_setAside.ContainsKey(listed.Id))
        {
            return false;
        }

        if (!_catalog.TryGet(capability, out _))
        {
            _setAside[listed.Id] = true;
            ApprovalDispatchLog.NoConnector(_logger, listed.Id, capability);
            return false;
        }

        // Read again just before executing: the approval may have been completed since the list was read (by this host's
        // queue or another host), and then there is nothing to do.
        ApprovalRequest? current = await _store.GetAsync(listed.Id, cancellationToken).ConfigureAwait(false);
        if (current is not { Status: ApprovalStatus.Approved, Outcome: null })
        {
            return false;
        }

        try
        {
            _ = await _execution.ExecuteAsync(current, cancellationToken).ConfigureAwait(false);
            ApprovalDispatchLog.Executed(_logger, current.Id, capability);
            return true;
        }
        catch (ConnectorException ex) when (ex.IsTransient)
        {
            ApprovalDispatchLog.TransientFailure(_logger, current.Id, capability, ex.Message);
            return false;
        }
        catch (OperatorOsException ex)
        {
            _setAside[current.Id] = true;
            ApprovalDispatchLog.Failed(_logger, current.Id, capability, ex.Message);
            return false;
        }
    }

    /// <inheritdoc/>
    public override void Dispose()
    {
        _pass.Dispose();
        base.Dispose();
    }
}
