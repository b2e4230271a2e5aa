using System.Text.Json;
using OperatorOs.Shared;

namespace OperatorOs;

/// <summary>
/// The decide part of approvals, shared by the kernel's <see cref="ApprovalQueue"/> and by processes without connectors:
/// state transition (compare-and-swap on the stored status), journal event, notification, correction fact and trust-ladder update.
/// </summary>
/// <remarks>Nothing here executes an action; <see cref="ApprovalExecution"/> does, in a process that has the connector.</remarks>
internal sealed class ApprovalDecisions : IApprovalDecider
{
    private const string SystemActor = "system";

    private readonly ApprovalStore _store;
    private readonly ConnectorCatalog _catalog;
    private readonly KernelJournal _journal;
    private readonly TimeProvider _timeProvider;
    private readonly ApprovalNotifier _notifier;
    private readonly MemoryStore _memory;
    private readonly TrustLadder _trust;
    private readonly IApprovalDecisionListener[] _listeners;

    public ApprovalDecisions(
        ApprovalStore store, ConnectorCatalog catalog, KernelJournal journal, TimeProvider timeProvider, ApprovalNotifier notifier, MemoryStore memory, TrustLadder trust,
        IEnumerable<IApprovalDecisionListener> listeners)
    {
        _listeners = [.. listeners];
        _store = store;
        _catalog = catalog;
        _journal = journal;
        _timeProvider = timeProvider;
        _notifier = notifier;
        _memory = memory;
        _trust = trust;
    }

    public Task<ApprovalRequest> ApproveAsync(string approvalId, string decidedBy, JsonElement? correctedArguments = null, CancellationToken cancellationToken = default) =>
        ApproveAsync(approvalId, decidedBy, correctedArguments, requireConnector: false, cancellationToken);

    /// <summary>Approves a pending request, or returns an approved one as it stands.</summary>
    /// <param name="approvalId">The approval id.</param>
    /// <param name="decidedBy">Who approves.</param>
    /// <param name="correctedArguments">The operator's correction, or <see langword="null"/>.</param>
    /// <param name="requireConnector">
    /// Whether a correction must be checked by the capability's connector. A host requires it (a capability no connector offers is
    /// refused before anything changes); a process without connectors checks the shape only, and the host's connector checks the
    /// arguments again before any I/O when it executes.
    /// </param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    public async Task<ApprovalRequest> ApproveAsync(string approvalId, string decidedBy, JsonElement? correctedArguments, bool requireConnector, CancellationToken cancellationToken)
    {
        _ = Throw.IfNullOrWhitespace(approvalId);
        _ = Throw.IfNullOrWhitespace(decidedBy);

        while (true)
        {
            ApprovalRequest request = await LoadAsync(approvalId, cancellationToken).ConfigureAwait(false);
            switch (request.Status)
            {
                case ApprovalStatus.Approved:
                    return request;

                case ApprovalStatus.Pending:
                    ApprovalRequest approved = Decide(request, ApprovalStatus.Approved, decidedBy, reason: null) with
                    {
                        CorrectedArguments = ValidateCorrection(request.Proposal, correctedArguments, requireConnector),
                    };
                    if (!await _store.TryUpdateAsync(approved, ApprovalStatus.Pending, cancellationToken).ConfigureAwait(false))
                    {
                        continue;
                    }

                    await _journal.ApprovalDecidedAsync(approved, cancellationToken).ConfigureAwait(false);
                    _notifier.Publish(approved);
                    if (approved.CorrectedArguments is not null)
                    {
                        await RecordExampleAsync(approved, "correction", cancellationToken).ConfigureAwait(false);
                    }

                    // A clean approval counts towards promotion, a correction demotes (agents' proposals only).
                    await _trust.RecordDecisionAsync(approved, cancellationToken).ConfigureAwait(false);
                    return approved;

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
                    await RecordExampleAsync(rejected, "rejection", cancellationToken).ConfigureAwait(false);
                    _notifier.Publish(rejected);
                    await _trust.RecordDecisionAsync(rejected, cancellationToken).ConfigureAwait(false);
                    await NotifyListenersAsync(_listeners, rejected, cancellationToken).ConfigureAwait(false);
                    return rejected;

                default:
                    throw new ApprovalStateException(approvalId, request.Status, ApprovalStatus.Rejected);
            }
        }
    }

    /// <summary>Reads a request, expiring it first when it is pending past its expiry.</summary>
    /// <exception cref="ApprovalNotFoundException">No request has that id.</exception>
    public async Task<ApprovalRequest> LoadAsync(string approvalId, CancellationToken cancellationToken)
    {
        ApprovalRequest request = await _store.GetAsync(approvalId, cancellationToken).ConfigureAwait(false)
            ?? throw new ApprovalNotFoundException(approvalId);
        return await ExpireIfDueAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Marks a pending request expired once its expiry has passed; any other request is returned unchanged.</summary>
    public async Task<ApprovalRequest> ExpireIfDueAsync(ApprovalRequest request, CancellationToken cancellationToken)
    {
        if (request.Status != ApprovalStatus.Pending || request.ExpiresAt is not { } expiresAt || _timeProvider.GetUtcNow() < expiresAt)
        {
            return request;
        }

        ApprovalRequest expired = Decide(request, ApprovalStatus.Expired, SystemActor, "Nobody decided before the request expired.");
        if (await _store.TryUpdateAsync(expired, ApprovalStatus.Pending, cancellationToken).ConfigureAwait(false))
        {
            await _journal.ApprovalDecidedAsync(expired, cancellationToken).ConfigureAwait(false);
            _notifier.Publish(expired);
            await NotifyListenersAsync(_listeners, expired, cancellationToken).ConfigureAwait(false);
            return expired;
        }

        return await _store.GetAsync(request.Id, cancellationToken).ConfigureAwait(false) ?? request;
    }

    /// <summary>Tells in-process listeners (a flow waiting on the request) about a final decision, before the decider's call returns.</summary>
    internal static async Task NotifyListenersAsync(IApprovalDecisionListener[] listeners, ApprovalRequest decided, CancellationToken cancellationToken)
    {
        foreach (IApprovalDecisionListener listener in listeners)
        {
            await listener.OnDecidedAsync(decided, cancellationToken).ConfigureAwait(false);
        }
    }

    private ApprovalRequest Decide(ApprovalRequest request, ApprovalStatus status, string decidedBy, string? reason) => request with
    {
        Status = status,
        DecidedBy = decidedBy,
        DecidedAt = _timeProvider.GetUtcNow(),
        DecisionReason = reason,
    };

    private JsonElement? ValidateCorrection(ActionProposal proposal, JsonElement? corrected, bool requireConnector)
    {
        if (corrected is not { } arguments)
        {
            return null;
        }

        // A correction is held to the same checks as the original: malformed arguments are refused before anything changes.
        ActionProposal correctedProposal = proposal.WithArguments(arguments);
        if (requireConnector || _catalog.TryGet(proposal.Capability, out _))
        {
            _catalog.Get(proposal.Capability).Connector.ValidateArguments(proposal.Capability, correctedProposal.Arguments);
        }

        return correctedProposal.Arguments;
    }

    // An edit is a correction and a rejection is a lesson too: both are kept against the proposer and capability,
    // so trust, calibration and the agent's later prompts can learn from them.
    private async Task RecordExampleAsync(ApprovalRequest decided, string kind, CancellationToken cancellationToken)
    {
        ActionProposal proposal = decided.Proposal;
        JsonElement value = JsonPayload.Object(decided, static (w, r) =>
        {
            w.WriteString("proposalId", r.Proposal.Id);
            w.WriteString("approvalId", r.Id);
            w.WriteString("capability", r.Proposal.Capability);
            w.WriteString("decidedBy", r.DecidedBy);
            w.WriteElement("proposed", r.Proposal.Arguments);
            if (r.CorrectedArguments is { } corrected)
            {
                w.WriteElement("corrected", corrected);
            }

            if (r.Status == ApprovalStatus.Rejected)
            {
                w.WriteString("reason", r.DecisionReason);
            }
        });
        var provenance = new Provenance(ActorKind.Operator, decided.DecidedBy!)
        {
            ApprovalId = decided.Id,
            InputReferences = [$"proposal/{proposal.Id}"],
            ModelId = proposal.ModelId,
        };
        MemoryRecord record = await _memory.WriteAsync(
            new MemoryWrite($"{proposal.ProposerKind.ToString().ToLowerInvariant()}/{proposal.Proposer}", $"{kind}/{proposal.Capability}/{proposal.Id}", MemoryKind.Fact, value, provenance),
            cancellationToken).ConfigureAwait(false);
        await _journal.MemoryWrittenAsync(KernelJournal.CorrelationOf(proposal), record, cancellationToken).ConfigureAwait(false);
    }
}
