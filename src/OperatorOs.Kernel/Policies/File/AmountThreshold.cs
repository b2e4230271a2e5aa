namespace OperatorOs;

/// <summary>Represents an amount threshold: a proposal for the capability whose amount argument is at most <see cref="AutoApproveUpTo"/> may execute (subject to every other rule); above it needs approval.</summary>
/// <param name="Capability">The capability the threshold applies to, for example <c>billing.refund</c>.</param>
/// <param name="Argument">The name of the numeric argument holding the amount, for example <c>amount</c>.</param>
/// <param name="Currency">The currency the threshold is stated in, or <see langword="null"/> when amounts carry no currency.</param>
/// <param name="AutoApproveUpTo">The largest amount that does not need approval.</param>
/// <remarks>A missing or non-numeric amount needs approval; when <paramref name="Currency"/> is set and the arguments carry a <c>currency</c> string that differs, the proposal needs approval too.</remarks>
public sealed record AmountThreshold(string Capability, string Argument, string? Currency, decimal AutoApproveUpTo)
{
    /// <summary>Gets the id of the rule, <c>amount.</c> followed by the capability name.</summary>
    public string RuleId => "amount." + Capability;
}
