using System.Globalization;
using System.Text.Json;

namespace OperatorOs;

/// <summary>Applies the policy file's amount thresholds: at or below the threshold the rule executes, above it (or with a missing, non-numeric, negative or foreign-currency amount) the proposal needs approval.</summary>
/// <remarks>The rule only adds a verdict: a small refund still needs approval when its tier default says so.</remarks>
internal sealed class AmountThresholdPolicy : ICompiledPolicy
{
    public const string CurrencyArgument = "currency";

    private readonly IEffectivePolicySource _policy;

    public AmountThresholdPolicy(IEffectivePolicySource policy)
    {
        _policy = policy;
    }

    public ValueTask<PolicyDecision?> EvaluateAsync(PolicyContext context, CancellationToken cancellationToken = default)
    {
        ActionProposal proposal = context.Proposal;
        if (!_policy.Current.AmountThresholds.TryGetValue(proposal.Capability, out AmountThreshold? threshold))
        {
            return ValueTask.FromResult<PolicyDecision?>(null);
        }

        return ValueTask.FromResult<PolicyDecision?>(Decide(threshold, proposal.Arguments));
    }

    // The verdict depends on the arguments: the policy runs wherever the capability has a threshold.
    public PolicyStep Compile(EffectivePolicy policy, in DecisionKey key) =>
        policy.AmountThresholds.ContainsKey(key.CapabilityName) ? PolicyStep.Run : PolicyStep.Fixed(null);

    private static PolicyDecision Decide(AmountThreshold threshold, JsonElement arguments)
    {
        string limit = Money(threshold.AutoApproveUpTo, threshold.Currency);
        if (!arguments.TryGetProperty(threshold.Argument, out JsonElement value))
        {
            return PolicyDecision.NeedsApproval(threshold.RuleId, $"The '{threshold.Argument}' argument is missing, so the amount cannot be checked against the threshold of {limit}.");
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out decimal amount))
        {
            return PolicyDecision.NeedsApproval(threshold.RuleId, $"The '{threshold.Argument}' argument is not a number, so the amount cannot be checked against the threshold of {limit}.");
        }

        if (threshold.Currency is not null && arguments.TryGetProperty(CurrencyArgument, out JsonElement currency) &&
            (currency.ValueKind != JsonValueKind.String || !string.Equals(currency.GetString(), threshold.Currency, StringComparison.OrdinalIgnoreCase)))
        {
            return PolicyDecision.NeedsApproval(threshold.RuleId, $"The amount is in {(currency.ValueKind == JsonValueKind.String ? currency.GetString() : "an unreadable currency")}, not {threshold.Currency}; the threshold of {limit} does not apply.");
        }

        if (amount < 0)
        {
            return PolicyDecision.NeedsApproval(threshold.RuleId, $"The amount {Money(amount, threshold.Currency)} is negative.");
        }

        return amount <= threshold.AutoApproveUpTo
            ? PolicyDecision.Execute(threshold.RuleId, $"{Money(amount, threshold.Currency)} is within the auto-approval threshold of {limit}.")
            : PolicyDecision.NeedsApproval(threshold.RuleId, $"{Money(amount, threshold.Currency)} is above the auto-approval threshold of {limit}.");
    }

    private static string Money(decimal amount, string? currency) =>
        currency is null ? amount.ToString(CultureInfo.InvariantCulture) : $"{amount.ToString(CultureInfo.InvariantCulture)} {currency}";
}
