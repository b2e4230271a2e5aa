namespace OperatorOs;

/// <summary>Describes the first point where a recorded flow history and the current code disagree.</summary>
/// <param name="Sequence">The journal sequence number of the recorded event.</param>
/// <param name="EventType">The recorded event's type.</param>
/// <param name="State">The state the instance was in.</param>
/// <param name="Step">The step concerned, or <see langword="null"/>.</param>
/// <param name="What">What differs: <c>flow</c>, <c>version</c>, <c>state</c>, <c>guard</c>, <c>transition</c>, <c>target</c>, <c>step</c>, <c>capability</c>, <c>arguments</c>, <c>token</c> or <c>timers</c>.</param>
/// <param name="Expected">What the history recorded.</param>
/// <param name="Actual">What the current code does.</param>
public sealed record FlowDivergence(long Sequence, string EventType, string State, string? Step, string What, string Expected, string Actual)
{
    /// <inheritdoc/>
    public override string ToString() =>
        $"event {Sequence} ({EventType}) in state '{State}'{(Step is null ? string.Empty : $", step '{Step}'")}: {What} differs: recorded {Expected}, current code {Actual}";
}
