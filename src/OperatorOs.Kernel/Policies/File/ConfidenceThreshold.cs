namespace OperatorOs;

/// <summary>Represents a confidence threshold: a proposal for the capability whose <see cref="ActionProposal.Confidence"/> is below <see cref="Minimum"/> needs approval.</summary>
/// <param name="Capability">The capability the threshold applies to.</param>
/// <param name="Minimum">The lowest confidence, from 0 to 1, that does not need approval.</param>
public sealed record ConfidenceThreshold(string Capability, double Minimum)
{
    /// <summary>Gets the id of the rule, <c>confidence.</c> followed by the capability name.</summary>
    public string RuleId => "confidence." + Capability;
}
