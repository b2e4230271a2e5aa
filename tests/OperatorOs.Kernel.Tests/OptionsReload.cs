using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace OperatorOs.Kernel.Tests;

/// <summary>Reloads a kernel's <see cref="OperatorOsOptions"/> when fired, as a changed configuration source would: the configure callbacks run again.</summary>
internal sealed class OptionsReload : IOptionsChangeTokenSource<OperatorOsOptions>
{
    private CancellationTokenSource _source = new();

    public string Name => Options.DefaultName;

    public IChangeToken GetChangeToken() => new CancellationChangeToken(_source.Token);

    public void Fire() => Interlocked.Exchange(ref _source, new CancellationTokenSource()).Cancel();
}
