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

        if (options.AgentRunLeaseMargin <= TimeSpan.Zero)
        {
            failures.Add($"{nameof(OperatorOsOptions.AgentRunLeaseMargin)}: must be positive, was {options.AgentRunLeaseMargin}.");
        }

        if (options.MaxExecutionAttempts is < 1 or > 100)
        {
            failures.Add($"{nameof(OperatorOsOptions.MaxExecutionAttempts)}: must be between 1 and 100, was {options.MaxExecutionAttempts}.");
        }

        ValidateExecution(options, failures);

        if (options.ApprovalDispatch.Interval < TimeSpan.FromMilliseconds(1) || options.ApprovalDispatch.Interval > TimeSpan.FromDays(1))
        {
            failures.Add($"{nameof(OperatorOsOptions.ApprovalDispatch)}.{nameof(ApprovalDispatchOptions.Interval)}: must be between 1 millisecond and 1 day, was {options.ApprovalDispatch.Interval}.");
        }

        ValidateTrustLadder(options.TrustLadder, failures);
        ValidateModels(options.Models, failures);
        ShadowAgreementOptions shadow = options.ShadowAgreement;
        if (shadow.AgreementScore is < 0 or > 1 || shadow.TargetRate is < 0 or > 1 || shadow.MinimumSamples < 1 || shadow.SampleWindow < shadow.MinimumSamples)
        {
            failures.Add($"{nameof(OperatorOsOptions.ShadowAgreement)}: scores and rates must be in [0, 1], at least one sample is needed, and the window must hold the minimum.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    // The ranges are Polly's own: an out-of-range value would otherwise fail when the executor builds its pipelines, naming no option.
    private static void ValidateExecution(OperatorOsOptions options, List<string> failures)
    {
        TimeSpan oneDay = TimeSpan.FromDays(1);
        if (options.ExecutionRetryDelay < TimeSpan.Zero || options.ExecutionRetryDelay > oneDay)
        {
            failures.Add($"{nameof(OperatorOsOptions.ExecutionRetryDelay)}: must be between 0 and 1 day, was {options.ExecutionRetryDelay}.");
        }

        if (options.MaxExecutionRetryAfter < TimeSpan.Zero)
        {
            failures.Add($"{nameof(OperatorOsOptions.MaxExecutionRetryAfter)}: must not be negative, was {options.MaxExecutionRetryAfter}.");
        }

        if (options.ExecutionTimeout < TimeSpan.FromMilliseconds(10) || options.ExecutionTimeout > oneDay)
        {
            failures.Add($"{nameof(OperatorOsOptions.ExecutionTimeout)}: must be between 10 milliseconds and 1 day, was {options.ExecutionTimeout}.");
        }

        if (options.ExecutionBreakerFailureRatio is not (> 0 and <= 1))
        {
            failures.Add($"{nameof(OperatorOsOptions.ExecutionBreakerFailureRatio)}: must be greater than 0 and at most 1, was {options.ExecutionBreakerFailureRatio}.");
        }

        if (options.ExecutionBreakerMinimumThroughput < 2)
        {
            failures.Add($"{nameof(OperatorOsOptions.ExecutionBreakerMinimumThroughput)}: must be at least 2, was {options.ExecutionBreakerMinimumThroughput}.");
        }

        if (options.ExecutionBreakerSamplingDuration < TimeSpan.FromMilliseconds(500) || options.ExecutionBreakerSamplingDuration > oneDay)
        {
            failures.Add($"{nameof(OperatorOsOptions.ExecutionBreakerSamplingDuration)}: must be between 500 milliseconds and 1 day, was {options.ExecutionBreakerSamplingDuration}.");
        }

        if (options.ExecutionBreakDuration < TimeSpan.FromMilliseconds(500) || options.ExecutionBreakDuration > oneDay)
        {
            failures.Add($"{nameof(OperatorOsOptions.ExecutionBreakDuration)}: must be between 500 milliseconds and 1 day, was {options.ExecutionBreakDuration}.");
        }
    }

    private static void ValidateTrustLadder(TrustLadderOptions trust, List<string> failures)
    {
        const string Prefix = nameof(OperatorOsOptions.TrustLadder);
        if (trust.PromotionThreshold < 1)
        {
            failures.Add($"{Prefix}.{nameof(TrustLadderOptions.PromotionThreshold)}: must be at least 1, was {trust.PromotionThreshold}.");
        }

        if (trust.StandingRefreshInterval < TimeSpan.Zero)
        {
            failures.Add($"{Prefix}.{nameof(TrustLadderOptions.StandingRefreshInterval)}: must not be negative, was {trust.StandingRefreshInterval}.");
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

    private static void ValidateModels(ModelOptions models, List<string> failures)
    {
        const string Prefix = nameof(OperatorOsOptions.Models);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string tier in models.Tiers)
        {
            if (string.IsNullOrWhiteSpace(tier) || !seen.Add(tier))
            {
                failures.Add($"{Prefix}.{nameof(ModelOptions.Tiers)}: '{tier}' is empty or named twice.");
            }
        }

        foreach (KeyValuePair<string, ModelPrice> price in models.Prices)
        {
            if (price.Value is null || price.Value.InputPerMillionTokens < 0 || price.Value.OutputPerMillionTokens < 0)
            {
                failures.Add($"{Prefix}.{nameof(ModelOptions.Prices)}[{price.Key}]: prices must be present and not negative.");
            }
        }

        for (int i = 0; i < models.Budgets.Count; i++)
        {
            ModelBudget budget = models.Budgets[i];
            if (budget.MaxTokens is null && budget.MaxCost is null)
            {
                failures.Add($"{Prefix}.{nameof(ModelOptions.Budgets)}[{i}]: sets neither a token nor a money limit.");
            }

            if (budget.MaxTokens is < 0 || budget.MaxCost is < 0)
            {
                failures.Add($"{Prefix}.{nameof(ModelOptions.Budgets)}[{i}]: limits must not be negative.");
            }
        }

        if (models.EstimatedOutputTokens < 0)
        {
            failures.Add($"{Prefix}.{nameof(ModelOptions.EstimatedOutputTokens)}: must not be negative, was {models.EstimatedOutputTokens}.");
        }

        if (models.CallTimeout <= TimeSpan.Zero || models.RetryDelay < TimeSpan.Zero || models.MaxRetryAfter < TimeSpan.Zero ||
            models.BreakDuration <= TimeSpan.Zero || models.BreakerSamplingDuration <= TimeSpan.Zero)
        {
            failures.Add($"{Prefix}: {nameof(ModelOptions.CallTimeout)}, {nameof(ModelOptions.BreakDuration)} and {nameof(ModelOptions.BreakerSamplingDuration)} must be positive; delays must not be negative.");
        }

        if (models.MaxRetries is < 0 or > 10)
        {
            failures.Add($"{Prefix}.{nameof(ModelOptions.MaxRetries)}: must be between 0 and 10, was {models.MaxRetries}.");
        }

        if (models.BreakerFailureRatio is <= 0 or > 1 || models.BreakerMinimumThroughput < 2)
        {
            failures.Add($"{Prefix}: {nameof(ModelOptions.BreakerFailureRatio)} must be in (0, 1] and {nameof(ModelOptions.BreakerMinimumThroughput)} at least 2.");
        }
    }
}
