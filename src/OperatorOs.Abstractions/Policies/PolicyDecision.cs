using OperatorOs.Shared;

namespace OperatorOs;

/// <summary>Represents a policy's verdict on a proposal, with the rule that made it and why.</summary>
/// <remarks>Instances are immutable and safe to share across threads.</remarks>
public sealed class PolicyDecision
{
    /// <summary>Initializes a new instance of the <see cref="PolicyDecision"/> class.</summary>
    /// <param name="verdict">What should happen.</param>
    /// <param name="ruleId">The id of the rule that decided, for example <c>risk-tier.external</c>.</param>
    /// <param name="reason">Why, in words an operator understands.</param>
    /// <exception cref="ArgumentNullException"><paramref name="ruleId"/> or <paramref name="reason"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="ruleId"/> is empty.</exception>
    public PolicyDecision(PolicyVerdict verdict, string ruleId, string reason)
    {
        Verdict = verdict;
        RuleId = Throw.IfNullOrWhitespace(ruleId);
        Reason = Throw.IfNull(reason);
    }

    /// <summary>Gets what should happen.</summary>
    public PolicyVerdict Verdict { get; }

    /// <summary>Gets the id of the rule that decided.</summary>
    public string RuleId { get; }

    /// <summary>Gets why.</summary>
    public string Reason { get; }

    /// <summary>Creates a decision to execute.</summary>
    /// <param name="ruleId">The deciding rule.</param>
    /// <param name="reason">Why.</param>
    /// <returns>The decision.</returns>
    public static PolicyDecision Execute(string ruleId, string reason) => new(PolicyVerdict.Execute, ruleId, reason);

    /// <summary>Creates a decision to only record the action.</summary>
    /// <param name="ruleId">The deciding rule.</param>
    /// <param name="reason">Why.</param>
    /// <returns>The decision.</returns>
    public static PolicyDecision ShadowOnly(string ruleId, string reason) => new(PolicyVerdict.ShadowOnly, ruleId, reason);

    /// <summary>Creates a decision to wait for the operator.</summary>
    /// <param name="ruleId">The deciding rule.</param>
    /// <param name="reason">Why.</param>
    /// <returns>The decision.</returns>
    public static PolicyDecision NeedsApproval(string ruleId, string reason) => new(PolicyVerdict.NeedsApproval, ruleId, reason);

    /// <summary>Creates a decision to refuse the action.</summary>
    /// <param name="ruleId">The deciding rule.</param>
    /// <param name="reason">Why.</param>
    /// <returns>The decision.</returns>
    public static PolicyDecision Deny(string ruleId, string reason) => new(PolicyVerdict.Deny, ruleId, reason);

    /// <inheritdoc/>
    public override string ToString() => $"{Verdict} by {RuleId}: {Reason}";
}
