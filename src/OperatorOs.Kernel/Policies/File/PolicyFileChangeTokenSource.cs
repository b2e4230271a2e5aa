using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace OperatorOs;

/// <summary>Tells <see cref="IOptionsMonitor{TOptions}"/> to rebuild <see cref="OperatorOsOptions"/> when a new policy file comes into force.</summary>
internal sealed class PolicyFileChangeTokenSource : IOptionsChangeTokenSource<OperatorOsOptions>
{
    private readonly PolicyFileSource _source;

    public PolicyFileChangeTokenSource(PolicyFileSource source)
    {
        _source = source;
    }

    public string? Name => Options.DefaultName;

    public IChangeToken GetChangeToken() => _source.GetChangeToken();
}
