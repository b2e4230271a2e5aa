using Microsoft.Extensions.Options;

namespace OperatorOs;

/// <summary>Puts the policy file in force into <see cref="OperatorOsOptions"/> each time the options are built, loading it the first time.</summary>
internal sealed class PolicyFilePostConfigure : IPostConfigureOptions<OperatorOsOptions>
{
    private readonly PolicyFileSource _source;

    public PolicyFilePostConfigure(PolicyFileSource source)
    {
        _source = source;
    }

    public void PostConfigure(string? name, OperatorOsOptions options)
    {
        _source.Initialize(options.PolicyFile);
        options.LoadedPolicyFile = options.PolicyFile is null ? null : _source.CurrentLoaded;
    }
}
