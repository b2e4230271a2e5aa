using System.Text.Json;
using OperatorOs.Shared;

namespace OperatorOs;

/// <summary>The operator's approval queue over an <see cref="ApprovalStore"/>: decisions are compare-and-swap on the stored status, so concurrent or repeated decisions execute an action at most once.</summary>
internal sealed class ApprovalQueue : IApprovalQueue
{
    private readonly ApprovalStore _store;
    private readonly ActionExecutor _executor;
    private readonly ConnectorCatalog _catalog;
    private readonly KernelJournal _journal;
    private readonly TimeProvider _timeProvider;
    private readonly ApprovalNotifier _notifier;
    private readonly MemoryStore _memory;
    private readonly TrustLadder _trust;
    private readonly IApprovalDecisionListener[] _listeners;

    public ApprovalQueue(
        ApprovalStore store,
        ActionExecutor executor,
        ConnectorCatalog catalog,
        KernelJournal journal,
        TimeProvider timeProvider,
        ApprovalNotifier notifier,
        MemoryStore memory,
        TrustLadder trust,
        IEnumerable<IApprovalDecisionListener> listeners)
    {
        _listeners = listeners.ToArray();
        _trust = trust;
        _store = store;
        _executor = executor;
        _catalog = catalog;
        _journal = journal;
        _timeProvider = timeProvider;
        _notifier = notifier;
        _memory = memory;
    }

    public IAsyncEnumerable<ApprovalNotification> WatchAsync(CancellationToken cancellationToken = default) => _notifier.WatchAsync(cancellationToken);

    public async Task<IReadOnlyList<ApprovalRequest>> ListPendingAsync(CancellationToken cancellationToken = default)
    {
        IReadOnlyList<ApprovalRequest> pending = await _store.ListAsync(ApprovalStatus.Pending, cancellationToken).ConfigureAwait(false);
        var current = new List<ApprovalRequest>(pending.Count);
        foreach (ApprovalRequest request in pending)
        {
            ApprovalRequest latest = await ExpireIfDueAsync(request, cancellationToken).ConfigureAwait(false);
            if (latest.Status == ApprovalStatus.Pending)
            {
                current.Add(latest);
            }
        }

        return current;
    }

    public async Task<ApprovalRequest?> GetAsync(string approvalId, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNull(approvalId);
        ApprovalRequest? request = await _store.GetAsync(approvalId, cancellationToken).ConfigureAwait(false);
        return request is null ? null : await ExpireIfDueAsync(request, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ApprovalRequest> ApproveAsync(string approvalId, string decidedBy, JsonElement? correctedArguments = null, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNullOrWhitespace(approvalId);
        _ = Throw.IfNullOrWhitespace(decidedBy);

        while (true)
        {
            ApprovalRequest request = await LoadAsync(approvalId, cancellationToken).ConfigureAwait(false);
            switch (request.Status)
            {
                case ApprovalStatus.Approved:
                    // Idempotent: the outcome is returned, or the interrupted execution is finished (the executor asks the connector first).
                    return request.Outcome is null ? await ExecuteAsync(request, cancellationToken).ConfigureAwait(false) : request;

                case ApprovalStatus.Pending:
                    ApprovalRequest approved = Decide(request, ApprovalStatus.Approved, decidedBy, reason: null) with
                    {
                        CorrectedArguments = ValidateCorrection(request.Proposal, correctedArguments),
                    };
                    if (!await _store.TryUpdateAsync(approved, ApprovalStatus.Pending, cancellationToken).ConfigureAwait(false))
                    {
                        continue;
                    }

                    await _journal.ApprovalDecidedAsync(approved, cancellationToken).ConfigureAwait(false);
                    _notifier.Publish(approved);
                    if (approved.CorrectedArguments is not null)
                    {
                        await RecordCorrectionAsync(approved, cancellationToken).ConfigureAwait(false);
                    }

                    // A clean approval counts towards promotion, a correction demotes (agents' proposals only).
                    await _trust.RecordDecisionAsync(approved, cancellationToken).ConfigureAwait(false);

                    return await ExecuteAsync(approved, cancellationToken).ConfigureAwait(false);

                default:
                    throw new ApprovalStateException(approvalId, request.Status, ApprovalStatus.Approved);
            }
        }
    }

    public async Task<ApprovalRequest> RejectAsync(string approvalId, string decidedBy, string reason, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNullOrWhitespace(approvalId);
        _ = Throw.IfNullOrWhitespace(decidedBy);
        _ = Throw.IfNull(reason);

        while (true)
        {
            ApprovalRequest request = await LoadAsync(approvalId, cancellationToken).ConfigureAwait(false);
            switch (request.Status)
            {
                case ApprovalStatus.Rejected:
                    return request;

                case ApprovalStatus.Pending:
                    ApprovalRequest rejected = Decide(request, ApprovalStatus.Rejected, decidedBy, reason);
                    if (!await _store.TryUpdateAsync(rejected, ApprovalStatus.Pending, cancellationToken).ConfigureAwait(false))
                    {
                        continue;
                    }

                    await _journal.ApprovalDecidedAsync(rejected, cancellationToken).ConfigureAwait(false);
                    _notifier.Publish(rejected);
                    await _trust.RecordDecisionAsync(rejected, cancellationToken).ConfigureAwait(false);
                    await NotifyListenersAsync(rejected, cancellationToken).ConfigureAwait(false);
                    return rejected;

                default:
                    throw new ApprovalStateException(approvalId, request.Status, ApprovalStatus.Rejected);
            }
        }
    }

    private async Task<ApprovalRequest> LoadAsync(string approvalId, CancellationToken cancellationToken)
    {
        ApprovalRequest request = await _store.GetAsync(approvalId, cancellationToken).ConfigureAwait(false)
            ?? throw new ApprovalNotFoundException(approvalId);
        return await ExpireIfDueAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ApprovalRequest> ExpireIfDueAsync(ApprovalRequest request, CancellationToken cancellationToken)
    {
        if (request.Status != ApprovalStatus.Pending || request.ExpiresAt is not { } expiresAt || _timeProvider.GetUtcNow() < expiresAt)
        {
            return request;
        }

        ApprovalRequest expired = Decide(request, ApprovalStatus.Expired, "system", "Nobody decided before the request expired.");
        if (await _store.TryUpdateAsync(expired, ApprovalStatus.Pending, cancellationToken).ConfigureAwait(false))
        {
            await _journal.ApprovalDecidedAsync(expired, cancellationToken).ConfigureAwait(false);
            _notifier.Publish(expired);
            await NotifyListenersAsync(expired, cancellationToken).ConfigureAwait(false);
            return expired;
        }

        return await _store.GetAsync(request.Id, cancellationToken).ConfigureAwait(false) ?? request;
    }

    private ApprovalRequest Decide(ApprovalRequest request, ApprovalStatus status, string decidedBy, string? reason) => request with
    {
        Status = status,
        DecidedBy = decidedBy,
        DecidedAt = _timeProvider.GetUtcNow(),
        DecisionReason = reason,
    };

    private JsonElement? ValidateCorrection(ActionProposal proposal, JsonElement? corrected)
    {
        if (corrected is not { } arguments)
        {
            return null;
        }

        // A correction is held to the same checks as the original: malformed arguments are refused before anything changes.
        ActionProposal correctedProposal = proposal.WithArguments(arguments);
        _catalog.Get(proposal.Capability).Connector.ValidateArguments(proposal.Capability, correctedProposal.Arguments);
        return correctedProposal.Arguments;
    }

    // An edit is a correction: kept against the proposer and capability, so trust and calibration can learn from it.
    private async Task RecordCorrectionAsync(ApprovalRequest approved, CancellationToken cancellationToken)
    {
        ActionProposal proposal = approved.Proposal;
        JsonElement value = JsonPayload.Object(approved, static (w, r) =>
        {
            w.WriteString("proposalId", r.Proposal.Id);
            w.WriteString("approvalId", r.Id);
            w.WriteString("capability", r.Proposal.Capability);
            w.WriteString("decidedBy", r.DecidedBy);
            w.WriteElement("proposed", r.Proposal.Arguments);
            w.WriteElement("corrected", r.CorrectedArguments!.Value);
        });
        var provenance = new Provenance(ActorKind.Operator, approved.DecidedBy!)
        {
            ApprovalId = approved.Id,
            InputReferences = [$"proposal/{proposal.Id}"],
            ModelId = proposal.ModelId,
        };
        MemoryRecord record = await _memory.WriteAsync(
            new MemoryWrite($"{proposal.ProposerKind.ToString().ToLowerInvariant()}/{proposal.Proposer}", $"correction/{proposal.Capability}/{proposal.Id}", MemoryKind.Fact, value, provenance),
            cancellationToken).ConfigureAwait(false);
        await _journal.MemoryWrittenAsync(KernelJournal.CorrelationOf(proposal), record, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ApprovalRequest> ExecuteAsync(ApprovalRequest approved, CancellationToken cancellationToken)
    {
        OperationResult outcome = await _executor.ExecuteAsync(approved.EffectiveProposal, approved.Id, cancellationToken).ConfigureAwait(false);
        ApprovalRequest completed = approved with { Outcome = outcome };
        _ = await _store.TryUpdateAsync(completed, ApprovalStatus.Approved, cancellationToken).ConfigureAwait(false);
        await NotifyListenersAsync(completed, cancellationToken).ConfigureAwait(false);
        return completed;
    }

    // A flow waiting for this request resumes now, with the outcome (or the refusal), before the operator's call returns.
    private async Task NotifyListenersAsync(ApprovalRequest decided, CancellationToken cancellationToken)
    {
        foreach (IApprovalDecisionListener listener in _listeners)
        {
            await listener.OnDecidedAsync(decided, cancellationToken).ConfigureAwait(false);
        }
    }
}
