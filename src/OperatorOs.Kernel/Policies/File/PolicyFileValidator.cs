using Microsoft.Extensions.Options;

namespace OperatorOs;

/// <summary>Fails options validation (and so the host start, with validate-on-start) when the configured policy file has never loaded, listing every problem with its line.</summary>
internal sealed class PolicyFileValidator : IValidateOptions<OperatorOsOptions>
{
    private readonly PolicyFileSource _source;

    public PolicyFileValidator(PolicyFileSource source)
    {
        _source = source;
    }

    public ValidateOptionsResult Validate(string? name, OperatorOsOptions options)
    {
        if (options.PolicyFile is null || options.LoadedPolicyFile is not null)
        {
            return ValidateOptionsResult.Success;
        }

        PolicyFileException? error = _source.LastErrorLoaded;
        return ValidateOptionsResult.Fail(error is null
            ? [$"{nameof(OperatorOsOptions.PolicyFile)}: '{options.PolicyFile}' could not be loaded."]
            : error.Errors.Select(e => $"{nameof(OperatorOsOptions.PolicyFile)} '{error.FilePath}': {e}"));
    }
}
