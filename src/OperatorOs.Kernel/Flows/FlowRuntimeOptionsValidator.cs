using Microsoft.Extensions.Options;

namespace OperatorOs;

/// <summary>Validates <see cref="FlowRuntimeOptions"/> at startup, naming each offending field.</summary>
internal sealed class FlowRuntimeOptionsValidator : IValidateOptions<FlowRuntimeOptions>
{
    public ValidateOptionsResult Validate(string? name, FlowRuntimeOptions options)
    {
        var failures = new List<string>();
        if (options.ApprovalPollInterval <= TimeSpan.Zero)
        {
            failures.Add($"{nameof(FlowRuntimeOptions.ApprovalPollInterval)}: must be positive, was {options.ApprovalPollInterval}.");
        }

        if (options.StepRetryDelay < TimeSpan.Zero)
        {
            failures.Add($"{nameof(FlowRuntimeOptions.StepRetryDelay)}: must not be negative, was {options.StepRetryDelay}.");
        }

        if (options.MaxAutomaticTransitions < 1)
        {
            failures.Add($"{nameof(FlowRuntimeOptions.MaxAutomaticTransitions)}: must be at least 1, was {options.MaxAutomaticTransitions}.");
        }

        if (options.RecoveryConcurrency < 1)
        {
            failures.Add($"{nameof(FlowRuntimeOptions.RecoveryConcurrency)}: must be at least 1, was {options.RecoveryConcurrency}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
