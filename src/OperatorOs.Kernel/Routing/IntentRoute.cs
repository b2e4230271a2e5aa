using OperatorOs.Shared;

namespace OperatorOs;

/// <summary>Routes intents with an exact name to an agent role or a flow.</summary>
public sealed class IntentRoute
{
    /// <summary>Initializes a new instance of the <see cref="IntentRoute"/> class.</summary>
    /// <param name="intentName">The intent name to match exactly.</param>
    /// <param name="targetKind">What handles matching intents.</param>
    /// <param name="target">The name of the agent role or flow.</param>
    /// <exception cref="ArgumentException">A name is malformed, or <paramref name="targetKind"/> is <see cref="RouteTargetKind.Operator"/>.</exception>
    public IntentRoute(string intentName, RouteTargetKind targetKind, string target)
    {
        _ = Throw.IfNull(intentName);
        if (!OperatorOs.IntentName.IsValid(intentName))
        {
            throw new ArgumentException($"'{intentName}' is not a valid intent name ({OperatorOs.IntentName.Rule}).", nameof(intentName));
        }

        if (targetKind is not (RouteTargetKind.Agent or RouteTargetKind.Flow))
        {
            throw new ArgumentException("A route targets an agent or a flow; unrouted intents go to the operator by themselves.", nameof(targetKind));
        }

        IntentName = intentName;
        TargetKind = targetKind;
        Target = Throw.IfNullOrWhitespace(target);
    }

    /// <summary>Gets the intent name matched exactly.</summary>
    public string IntentName { get; }

    /// <summary>Gets what handles matching intents.</summary>
    public RouteTargetKind TargetKind { get; }

    /// <summary>Gets the name of the agent role or flow.</summary>
    public string Target { get; }
}
