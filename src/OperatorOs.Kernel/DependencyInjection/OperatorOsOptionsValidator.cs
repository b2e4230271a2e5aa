using Microsoft.Extensions.Options;

namespace OperatorOs;

/// <summary>Validates <see cref="OperatorOsOptions"/> at startup, naming each offending field.</summary>
internal sealed class OperatorOsOptionsValidator : IValidateOptions<OperatorOsOptions>
{
    public ValidateOptionsResult Validate(string? name, OperatorOsOptions options)
    {
        var failures = new List<string>();
        foreach (RiskTier tier in Enum.GetValues<RiskTier>())
        {
            if (!options.TierDefaults.TryGetValue(tier, out PolicyVerdict verdict))
            {
                failures.Add($"{nameof(OperatorOsOptions.TierDefaults)}: no decision for risk tier {tier}.");
            }
            else if (!Enum.IsDefined(verdict))
            {
                failures.Add($"{nameof(OperatorOsOptions.TierDefaults)}[{tier}]: {(int)verdict} is not a defined verdict.");
            }
        }

        foreach (KeyValuePair<string, RiskTier> pair in options.CapabilityTiers)
        {
            if (!IntentName.IsValid(pair.Key))
            {
                failures.Add($"{nameof(OperatorOsOptions.CapabilityTiers)}: '{pair.Key}' is not a valid capability name ({IntentName.Rule}).");
            }

            if (!Enum.IsDefined(pair.Value))
            {
                failures.Add($"{nameof(OperatorOsOptions.CapabilityTiers)}[{pair.Key}]: {(int)pair.Value} is not a defined risk tier.");
            }
        }

        if (options.ApprovalExpiry is { } expiry && expiry <= TimeSpan.Zero)
        {
            failures.Add($"{nameof(OperatorOsOptions.ApprovalExpiry)}: must be positive or null, was {expiry}.");
        }

        if (options.MaxExecutionAttempts is < 1 or > 100)
        {
            failures.Add($"{nameof(OperatorOsOptions.MaxExecutionAttempts)}: must be between 1 and 100, was {options.MaxExecutionAttempts}.");
        }

        if (options.ExecutionRetryDelay < TimeSpan.Zero)
        {
            failures.Add($"{nameof(OperatorOsOptions.ExecutionRetryDelay)}: must not be negative, was {options.ExecutionRetryDelay}.");
        }

        if (options.ExecutionTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{nameof(OperatorOsOptions.ExecutionTimeout)}: must be positive, was {options.ExecutionTimeout}.");
        }

        if (options.ApprovalDispatch.Interval < TimeSpan.FromMilliseconds(1) || options.ApprovalDispatch.Interval > TimeSpan.FromDays(1))
        {
            failures.Add($"{nameof(OperatorOsOptions.ApprovalDispatch)}.{nameof(ApprovalDispatchOptions.Interval)}: must be between 1 millisecond and 1 day, was {options.ApprovalDispatch.Interval}.");
        }

        ValidateTrustLadder(options.TrustLadder, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateTrustLadder(TrustLadderOptions trust, List<string> failures)
    {
        const string Prefix = nameof(OperatorOsOptions.TrustLadder);
        if (trust.PromotionThreshold < 1)
        {
            failures.Add($"{Prefix}.{nameof(TrustLadderOptions.PromotionThreshold)}: must be at least 1, was {trust.PromotionThreshold}.");
        }

        if (!Enum.IsDefined(trust.DefaultLevel))
        {
            failures.Add($"{Prefix}.{nameof(TrustLadderOptions.DefaultLevel)}: {(int)trust.DefaultLevel} is not a defined trust level.");
        }

        foreach (KeyValuePair<string, AgentTrustLevel> pair in trust.InitialLevels)
        {
            string[] parts = pair.Key.Split('/');
            if (parts.Length > 2 || !parts.All(IntentName.IsValid))
            {
                failures.Add($"{Prefix}.{nameof(TrustLadderOptions.InitialLevels)}: '{pair.Key}' is not 'agent' or 'agent/capability' ({IntentName.Rule}).");
            }

            if (!Enum.IsDefined(pair.Value))
            {
                failures.Add($"{Prefix}.{nameof(TrustLadderOptions.InitialLevels)}[{pair.Key}]: {(int)pair.Value} is not a defined trust level.");
            }
        }
    }
}
