using OperatorOs.Shared;

namespace OperatorOs;

/// <summary>Represents the outcome of running every policy on a proposal: each rule's verdict and the final decision.</summary>
public sealed class PolicyEvaluation
{
    /// <summary>Initializes a new instance of the <see cref="PolicyEvaluation"/> class.</summary>
    /// <param name="decision">The final decision.</param>
    /// <param name="verdicts">Every policy's decision, in pipeline order.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public PolicyEvaluation(PolicyDecision decision, IReadOnlyList<PolicyDecision> verdicts)
    {
        Decision = Throw.IfNull(decision);
        Verdicts = Throw.IfNull(verdicts);
    }

    /// <summary>Gets the final decision: the strictest verdict, the first of equals.</summary>
    public PolicyDecision Decision { get; }

    /// <summary>Gets every policy's decision, in pipeline order.</summary>
    public IReadOnlyList<PolicyDecision> Verdicts { get; }
}
