using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace OperatorOs;

/// <summary>The only code that turns an allowed proposal into a connector call, exactly once per operation token.</summary>
/// <remarks>
/// Before every attempt, first or retry, the executor asks the connector whether the token's operation already
/// happened, so a retry or a resume after a crash never repeats an effect. Concurrent executions of one token in this
/// process share one attempt. Each connector has its own resilience pipeline (see <see cref="ConnectorPipeline"/>): one
/// connector's open circuit does not hold up another's calls. The pipelines are built again when the executor's settings
/// change (an options reload), once every circuit is closed, so no open circuit is forgotten on the way.
/// </remarks>
internal sealed class ActionExecutor
{
    private readonly ConnectorCatalog _catalog;
    private readonly KernelJournal _journal;
    private readonly MemoryStore _memory;
    private readonly OperatorOsTelemetry _telemetry;
    private readonly TimeProvider _timeProvider;
    private readonly OperatorStatusTracker _status;
    private readonly IOptionsMonitor<OperatorOsOptions> _options;
    private readonly Lock _rebuildGate = new();

    // One pipeline per connector name, at the connector's ConnectorCatalog.Entry.ConnectorIndex: found with no lookup beyond the capability's.
    private ConnectorCircuits _circuits;
    private readonly ConcurrentDictionary<string, Lazy<Task<OperationResult>>> _inFlight = new(StringComparer.Ordinal);

    public ActionExecutor(
        ConnectorCatalog catalog,
        KernelJournal journal,
        MemoryStore memory,
        OperatorOsTelemetry telemetry,
        TimeProvider timeProvider,
        IOptionsMonitor<OperatorOsOptions> options,
        OperatorStatusTracker status)
    {
        _options = options;
        _status = status;
        _catalog = catalog;
        _journal = journal;
        _memory = memory;
        _telemetry = telemetry;
        _timeProvider = timeProvider;

        _circuits = ConnectorCircuits.Build(options.CurrentValue, catalog.ConnectorNames, timeProvider, CircuitOpenedAsync, CircuitClosedAsync);
    }

    // The circuits built from the settings in force: built again when they changed, unless a circuit is open (or trying) then: a new
    // breaker would forget it and the operator's status would not hear it close; the next call after they all closed rebuilds.
    private ConnectorCircuits Circuits()
    {
        OperatorOsOptions options = _options.CurrentValue;
        ConnectorCircuits current = Volatile.Read(ref _circuits);
        if (ReferenceEquals(current.Source, options))
        {
            return current;
        }

        lock (_rebuildGate)
        {
            current = _circuits;
            if (ReferenceEquals(current.Source, options))
            {
                return current;
            }

            if (current.SameSettings(options))
            {
                current = current.With(options);
            }
            else if (!current.AnyNotClosed)
            {
                current = ConnectorCircuits.Build(options, _catalog.ConnectorNames, _timeProvider, CircuitOpenedAsync, CircuitClosedAsync);
            }
            else
            {
                return current;
            }

            Volatile.Write(ref _circuits, current);
            return current;
        }
    }

    /// <summary>Executes a proposal's operation, or returns its recorded result when it already happened.</summary>
    public Task<OperationResult> ExecuteAsync(ActionProposal proposal, string? approvalId, CancellationToken cancellationToken)
    {
        string token = proposal.OperationToken.Value;
        var attempt = new Lazy<Task<OperationResult>>(() => RunAsync(proposal, approvalId, cancellationToken));
        Lazy<Task<OperationResult>> shared = _inFlight.GetOrAdd(token, attempt);
        if (ReferenceEquals(shared, attempt))
        {
            _ = shared.Value.ContinueWith(
                static (_, state) =>
                {
                    var (inFlight, token, attempt) = ((ConcurrentDictionary<string, Lazy<Task<OperationResult>>>, string, Lazy<Task<OperationResult>>))state!;
                    inFlight.TryRemove(new KeyValuePair<string, Lazy<Task<OperationResult>>>(token, attempt));
                },
                (_inFlight, token, attempt),
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }

        return shared.Value;
    }

    /// <summary>Asks a step's connector whether a token's operation happened, unless the connector's circuit is open: then the call is not
    /// made and the step meets the same transient failure an execution would (a recovery after a crash must not probe a broken service).</summary>
    public Task<OperationStatus> GetStatusAsync(ConnectorCatalog.Entry entry, string capability, OperationToken token, CancellationToken cancellationToken)
    {
        int i = entry.ConnectorIndex;
        ConnectorCircuits circuits = Circuits();
        CircuitState state = circuits.States[i].CircuitState;
        bool breaking = state == CircuitState.Isolated || (state == CircuitState.Open && _timeProvider.GetUtcNow().UtcTicks < Volatile.Read(ref circuits.BreaksUntil[i]));
        return breaking ? throw CircuitOpen(entry.Connector.Name, capability, broken: null, circuits) : entry.Connector.GetStatusAsync(token, cancellationToken);
    }

    /// <summary>Executes a flow step's operation, journaling nothing: the flow's records are the step's record (its step-started record is
    /// durable before this is called, its outcome or failure is recorded after), and its outcome is kept in the instance's data, not as a fact.</summary>
    /// <param name="proposal">The step's proposal, allowed by policy.</param>
    /// <param name="firstPresentation">Whether the token was never presented before, so the first attempt needs no status check; every retry asks first.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The operation's result.</returns>
    /// <remarks>The runtime holds the instance's gate and a step's token is never presented twice at once in this process, so this does not
    /// share attempts the way <see cref="ExecuteAsync"/> does.</remarks>
    public async ValueTask<OperationResult> ExecuteFlowStepAsync(ActionProposal proposal, bool firstPresentation, CancellationToken cancellationToken)
    {
        using Activity? activity = StartActivity(proposal);
        long started = _timeProvider.GetTimestamp();
        ConnectorCatalog.Entry entry = _catalog.Get(proposal.Capability);
        OperationResult result = await AttemptAsync(proposal, entry, checkFirst: !firstPresentation, activity, started, journalFailure: false, cancellationToken).ConfigureAwait(false);
        _telemetry.RecordAction(proposal.Capability, completed: true, _timeProvider.GetElapsedTime(started).TotalSeconds);
        return result;
    }

    private async Task<OperationResult> RunAsync(ActionProposal proposal, string? approvalId, CancellationToken cancellationToken)
    {
        using Activity? activity = StartActivity(proposal);
        long started = _timeProvider.GetTimestamp();

        ConnectorCatalog.Entry entry = _catalog.Get(proposal.Capability);
        await _journal.ActionStartedAsync(proposal, approvalId, cancellationToken).ConfigureAwait(false);
        OperationResult result = await AttemptAsync(proposal, entry, checkFirst: true, activity, started, journalFailure: true, cancellationToken).ConfigureAwait(false);
        await _journal.ActionCompletedAsync(proposal, result, CancellationToken.None).ConfigureAwait(false);
        await RecordOutcomeAsync(proposal, approvalId, result).ConfigureAwait(false);

        _telemetry.RecordAction(proposal.Capability, completed: true, _timeProvider.GetElapsedTime(started).TotalSeconds);
        return result;
    }

    /// <summary>
    /// Runs the proposal's operation on the connector through its resilience pipeline (asking the connector for the token's status first
    /// when <paramref name="checkFirst"/>, and before every retry). A failure is counted, marked on the activity and (for the governed path)
    /// journaled; a timeout and an open circuit surface as transient <see cref="ConnectorException"/>s naming the connector.
    /// </summary>
    private async ValueTask<OperationResult> AttemptAsync(
        ActionProposal proposal, ConnectorCatalog.Entry entry, bool checkFirst, Activity? activity, long started, bool journalFailure, CancellationToken cancellationToken)
    {
        Connector connector = entry.Connector;
        var attempt = new Attempt(connector, new OperationRequest(proposal.Capability, proposal.Arguments, proposal.OperationToken), checkFirst);
        ConnectorCircuits circuits = Circuits();
        try
        {
            return await circuits.Pipelines[entry.ConnectorIndex].ExecuteAsync(static (a, ct) => a.RunAsync(ct), attempt, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperatorOsException or TimeoutRejectedException or BrokenCircuitException)
        {
            Exception failure = ex switch
            {
                TimeoutRejectedException => new ConnectorException(connector.Name, $"'{proposal.Capability}' timed out: {ex.Message}", isTransient: true, ex),
                BrokenCircuitException broken => CircuitOpen(connector.Name, proposal.Capability, broken, circuits),
                _ => ex,
            };

            _telemetry.RecordAction(proposal.Capability, completed: false, _timeProvider.GetElapsedTime(started).TotalSeconds);
            activity?.SetStatus(ActivityStatusCode.Error, failure.Message);
            if (journalFailure)
            {
                await _journal.ActionFailedAsync(proposal, failure.Message, CancellationToken.None).ConfigureAwait(false);
            }

            if (ReferenceEquals(failure, ex))
            {
                throw;
            }

            throw failure;
        }
    }

    // An open circuit is a visible degradation: the operator's status says which connector, and the journal says when.
    // A call still running through pipelines an options reload replaced may open or close their circuits: nothing runs through them
    // any more, so they say nothing of the connector's health now and are not reported (the check and the report hold the rebuild's
    // lock, so no rebuild falls between them).
    private async ValueTask CircuitOpenedAsync(long[] breaksUntil, int index, string connector, TimeSpan duration)
    {
        string reason = $"Connector '{connector}': its circuit opened after repeated transient failures; its calls wait until a trial call succeeds.";
        lock (_rebuildGate)
        {
            Volatile.Write(ref breaksUntil[index], (_timeProvider.GetUtcNow() + duration).UtcTicks);
            if (!ReferenceEquals(breaksUntil, _circuits.BreaksUntil) || !_status.ReportConnectorOpen(connector, reason))
            {
                return;
            }
        }

        await _journal.OperatorStatusChangedAsync(JournalEventTypes.OperatorDegraded, reason, $"connector/{connector}", CancellationToken.None).ConfigureAwait(false);
    }

    private async ValueTask CircuitClosedAsync(long[] breaksUntil, string connector)
    {
        bool reported;
        lock (_rebuildGate)
        {
            reported = ReferenceEquals(breaksUntil, _circuits.BreaksUntil) && _status.ReportConnectorClosed(connector);
        }

        if (reported)
        {
            (string type, string reason) = _status.AfterRecovery($"Connector '{connector}' answers again.");
            await _journal.OperatorStatusChangedAsync(type, reason, $"connector/{connector}", CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>The failure of a call the connector's open circuit refused: transient, so a flow's step waits for its retry, at least until the circuit lets a trial through.</summary>
    private static ConnectorException CircuitOpen(string connector, string capability, BrokenCircuitException? broken, ConnectorCircuits circuits)
    {
        // Polly says how long the break has left; when it does not (or nothing is left: a trial call is under way) a full break is assumed.
        TimeSpan wait = broken?.RetryAfter is { } left && left > TimeSpan.Zero ? left : circuits.Settings.BreakDuration;
        return new ConnectorException(
            connector,
            $"the circuit is open after repeated transient failures, so '{capability}' was not attempted; a trial call is let through in {wait.TotalSeconds:0.#} s.",
            isTransient: true,
            broken)
        {
            RetryAfter = wait,
        };
    }

    private Activity? StartActivity(ActionProposal proposal)
    {
        if (!_telemetry.ActivitySource.HasListeners())
        {
            return null;
        }

        Activity? activity = _telemetry.ActivitySource.StartActivity($"execute {proposal.Capability}");
        activity?.SetTag("operatoros.capability", proposal.Capability);
        activity?.SetTag("operatoros.proposal.id", proposal.Id);
        return activity;
    }

    // The outcome becomes a Fact with full provenance, so memory (not a transcript) is the record of what was done.
    private async Task RecordOutcomeAsync(ActionProposal proposal, string? approvalId, OperationResult result)
    {
        string entity = $"action/{proposal.Id}";
        List<string> inputs = [.. proposal.InputReferences];
        if (proposal.IntentId is { } intentId && !inputs.Contains($"intent/{intentId}"))
        {
            inputs.Add($"intent/{intentId}");
        }

        var provenance = new Provenance(proposal.ProposerKind, proposal.Proposer)
        {
            ModelId = proposal.ModelId,
            InputReferences = inputs,
            ApprovalId = approvalId,
        };

        JsonElement value = JsonPayload.Object(result, static (w, r) =>
        {
            w.WriteString("capability", r.Capability);
            w.WriteString("token", r.Token.Value);
            w.WriteString("summary", r.Summary);
            w.WriteString("completedAt", r.CompletedAt);
            w.WriteElement("output", r.Output);
        });

        MemoryRecord record;
        try
        {
            record = await _memory.WriteAsync(
                new MemoryWrite(entity, "outcome", MemoryKind.Fact, value, provenance) { ValidFrom = result.CompletedAt, ExpectedVersion = 0 },
                CancellationToken.None).ConfigureAwait(false);
        }
        catch (MemoryConflictException)
        {
            // The outcome was recorded before: a replayed result (the connector reported the token complete), or
            // another process executing the same token. ExpectedVersion 0 keeps the fact to one version.
            return;
        }

        await _journal.MemoryWrittenAsync(KernelJournal.CorrelationOf(proposal), record, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>One operation through the resilience pipeline: each attempt asks the connector for the token's status first, except a
    /// first attempt of a token never presented before.</summary>
    private sealed class Attempt(Connector connector, OperationRequest request, bool checkFirst)
    {
        private bool _check = checkFirst;

        public async ValueTask<OperationResult> RunAsync(CancellationToken cancellationToken)
        {
            if (_check)
            {
                OperationStatus status = await connector.GetStatusAsync(request.Token, cancellationToken).ConfigureAwait(false);
                if (status is { State: OperationState.Completed, Result: { } recorded })
                {
                    return recorded;
                }

                if (status.State == OperationState.InDoubt)
                {
                    // An earlier attempt may have taken effect and the connector cannot tell: repeating it could double it.
                    throw new ConnectorException(
                        connector.Name,
                        $"'{request.Capability}' is in doubt: an earlier attempt with this token may have taken effect, so it is not repeated; the operator decides.",
                        isTransient: false);
                }
            }

            // A failed attempt may have taken effect before it failed: the next one asks first.
            _check = true;
            return await connector.ExecuteAsync(request, cancellationToken).ConfigureAwait(false);
        }
    }
}
