using OperatorOs.Shared;

namespace OperatorOs;

/// <summary>Says what happens when an agent is unsure: below the threshold its work moves to a larger model tier, or to the operator.</summary>
/// <remarks>
/// A model states its confidence per tool call (the runtime adds an optional <c>_confidence</c> argument to every tool it declares);
/// a deterministic strategy states it on each <see cref="AgentToolCall"/>. A call below the threshold is not proposed on the
/// current tier: the runtime asks <see cref="EscalateTo"/> instead. With no tier left to ask, the call is proposed with its low
/// confidence and waits for the operator's approval whatever the other policies say.
/// </remarks>
public sealed class AgentEscalation
{
    /// <summary>Initializes a new instance of the <see cref="AgentEscalation"/> class.</summary>
    /// <param name="confidenceThreshold">The confidence, from 0 to 1, below which the agent escalates.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="confidenceThreshold"/> is outside [0, 1].</exception>
    public AgentEscalation(double confidenceThreshold)
    {
        ConfidenceThreshold = Throw.IfOutOfRange(confidenceThreshold, 0, 1);
    }

    /// <summary>Gets the confidence below which the agent escalates.</summary>
    public double ConfidenceThreshold { get; }

    /// <summary>Gets the model tier (the service key of a keyed <c>IChatClient</c>) asked when the agent is unsure, or <see langword="null"/> to go straight to the operator.</summary>
    public object? EscalateTo { get; init; }
}
