namespace OperatorOs;

/// <summary>How often an agent's shadowed proposals for a capability matched what the operator then did on the same item, and the confidence threshold that would have been safe.</summary>
/// <param name="Agent">The agent.</param>
/// <param name="Capability">The capability.</param>
/// <param name="Compared">How many shadowed proposals were compared with the operator's own action.</param>
/// <param name="Agreed">How many of them agreed.</param>
/// <param name="MeanScore">The mean agreement score, from 0 (nothing alike) to 1 (the same arguments).</param>
/// <param name="SuggestedConfidenceThreshold">
/// The lowest confidence at which the agent's proposals agreed at least as often as the target rate, over enough samples:
/// a threshold to graduate from shadow mode with; <see langword="null"/> until the evidence supports one.
/// </param>
public sealed record ShadowAgreementReport(string Agent, string Capability, int Compared, int Agreed, double MeanScore, double? SuggestedConfidenceThreshold)
{
    /// <summary>Gets the share of comparisons that agreed, or <see langword="null"/> before the first.</summary>
    public double? AgreementRate => Compared == 0 ? null : (double)Agreed / Compared;
}
