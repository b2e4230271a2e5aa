using System.Text.Json;
using OperatorOs.Shared;

namespace OperatorOs;

/// <summary>Represents a proposal waiting for, or decided by, the operator.</summary>
/// <remarks>Instances are immutable; a decision produces a new instance through a <c>with</c> expression.</remarks>
public sealed record ApprovalRequest
{
    /// <summary>Initializes a new instance of the <see cref="ApprovalRequest"/> class.</summary>
    /// <param name="id">The approval id.</param>
    /// <param name="proposal">The proposal waiting for a decision.</param>
    /// <param name="decision">The policy decision that asked for approval.</param>
    /// <param name="createdAt">When the request was queued.</param>
    /// <exception cref="ArgumentNullException">A reference argument is <see langword="null"/>.</exception>
    public ApprovalRequest(string id, ActionProposal proposal, PolicyDecision decision, DateTimeOffset createdAt)
    {
        Id = Throw.IfNullOrWhitespace(id);
        Proposal = Throw.IfNull(proposal);
        Decision = Throw.IfNull(decision);
        CreatedAt = createdAt;
    }

    /// <summary>Gets the approval id.</summary>
    public string Id { get; }

    /// <summary>Gets the proposal as originally made.</summary>
    public ActionProposal Proposal { get; }

    /// <summary>Gets the policy decision that asked for approval.</summary>
    public PolicyDecision Decision { get; }

    /// <summary>Gets when the request was queued.</summary>
    public DateTimeOffset CreatedAt { get; }

    /// <summary>Gets when the request expires if nobody decides, or <see langword="null"/> when it never does.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>Gets where the request stands.</summary>
    public ApprovalStatus Status { get; init; }

    /// <summary>Gets who decided.</summary>
    public string? DecidedBy { get; init; }

    /// <summary>Gets when the decision was made.</summary>
    public DateTimeOffset? DecidedAt { get; init; }

    /// <summary>Gets the reason given with the decision.</summary>
    public string? DecisionReason { get; init; }

    /// <summary>Gets the arguments the operator corrected before approving, or <see langword="null"/> when approved as proposed.</summary>
    public JsonElement? CorrectedArguments { get; init; }

    /// <summary>Gets the result of executing the approved action, once known.</summary>
    public OperationResult? Outcome { get; init; }

    /// <summary>Gets the proposal the executor runs: the original, or the operator's correction of it.</summary>
    public ActionProposal EffectiveProposal => CorrectedArguments is { } corrected ? Proposal.WithArguments(corrected) : Proposal;
}
