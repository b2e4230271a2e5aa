using OperatorOs.Shared;

namespace OperatorOs;

/// <summary>Says what happens when an agent is unsure: below the threshold its work moves to a larger model tier, or to the operator.</summary>
/// <remarks>
/// A model states its confidence per tool call (the runtime adds an optional <c>_confidence</c> argument to every tool it declares);
/// a deterministic strategy states it on each <see cref="AgentToolCall"/>. A call below the threshold is not proposed on the
/// current tier: the runtime asks <see cref="EscalateTo"/> instead. With no tier left to ask, the call is proposed with its low
/// confidence and waits for the operator's approval whatever the other policies say.
/// <para>
/// Policy-sensitive steps go to <see cref="EscalateTo"/> too, however sure the cheaper tier was: when it proposes a capability of
/// one of <see cref="EscalateRiskTiers"/>, or one the policy in force would hold for approval or deny for this agent
/// (<see cref="EscalateWhenPolicyHolds"/>), the larger tier is asked the same question and its answer is the one proposed.
/// With no <see cref="EscalateTo"/>, or when it resolves to the tier already running, none of this applies.
/// </para>
/// </remarks>
public sealed class AgentEscalation
{
    private readonly double _unreportedConfidence;

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

    /// <summary>Gets the risk tiers whose capabilities are always decided on <see cref="EscalateTo"/>: a cheaper tier proposing one is overruled by asking the larger tier.</summary>
    /// <value>The default is <see cref="RiskTier.External"/>, <see cref="RiskTier.Financial"/> and <see cref="RiskTier.Commitment"/>; empty escalates on confidence (and policy) alone.</value>
    /// <exception cref="ArgumentNullException">The value is <see langword="null"/>.</exception>
    public IReadOnlyCollection<RiskTier> EscalateRiskTiers { get; init => field = Throw.IfNull(value); } = [RiskTier.External, RiskTier.Financial, RiskTier.Commitment];

    /// <summary>Gets a value indicating whether a call the policy in force would not execute at once (it needs approval or is denied, for this agent) is decided on <see cref="EscalateTo"/>.</summary>
    /// <value>The default is <see langword="true"/>: what the operator will review, or what is refused, is worth the larger model's answer.</value>
    /// <remarks>The check is the policy's explanation (<c>IsExplanation</c>): it takes no rate-limit permit and records nothing.</remarks>
    public bool EscalateWhenPolicyHolds { get; init; } = true;

    /// <summary>Gets the confidence a model's tool call counts as when the model does not report one (it left out <c>_confidence</c>).</summary>
    /// <value>
    /// The default is 0: a role that declares a threshold wants to hear how sure the model is, so silence is unsure — the call goes to
    /// <see cref="EscalateTo"/>, or, with no tier left, to the operator. Set 1 to trust a model that never reports confidence.
    /// </value>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside [0, 1].</exception>
    public double UnreportedConfidence
    {
        get => _unreportedConfidence;
        init => _unreportedConfidence = Throw.IfOutOfRange(value, 0, 1);
    }
}
