using OperatorOs.Shared;

namespace OperatorOs;

/// <summary>Routes intents that satisfy a predicate to an agent role or flow; rule routes are tried in registration order after exact names.</summary>
public sealed class IntentRuleRoute
{
    /// <summary>Initializes a new instance of the <see cref="IntentRuleRoute"/> class.</summary>
    /// <param name="ruleId">The rule's id, recorded with each decision it makes.</param>
    /// <param name="predicate">Decides whether an intent matches; it must be deterministic and must not throw.</param>
    /// <param name="targetKind">What handles matching intents.</param>
    /// <param name="target">The agent role or flow.</param>
    /// <exception cref="ArgumentNullException"><paramref name="predicate"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A name is empty, or <paramref name="targetKind"/> is <see cref="RouteTargetKind.Operator"/>.</exception>
    public IntentRuleRoute(string ruleId, Func<Intent, bool> predicate, RouteTargetKind targetKind, string target)
    {
        RuleId = Throw.IfNullOrWhitespace(ruleId);
        Predicate = Throw.IfNull(predicate);
        if (targetKind is not (RouteTargetKind.Agent or RouteTargetKind.Flow))
        {
            throw new ArgumentException("A route targets an agent or a flow.", nameof(targetKind));
        }

        TargetKind = targetKind;
        Target = Throw.IfNullOrWhitespace(target);
    }

    /// <summary>Gets the rule's id.</summary>
    public string RuleId { get; }

    /// <summary>Gets the predicate.</summary>
    public Func<Intent, bool> Predicate { get; }

    /// <summary>Gets what handles matching intents.</summary>
    public RouteTargetKind TargetKind { get; }

    /// <summary>Gets the agent role or flow.</summary>
    public string Target { get; }
}
