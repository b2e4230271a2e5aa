using Microsoft.Extensions.Options;

namespace OperatorOs.Shared;

/// <summary>Builds a package's options at registration: runs the caller's configuration once and reports every validation failure together.</summary>
/// <remarks>Linked into the packages whose <c>Add…</c> extensions validate eagerly, so a bad configuration fails where it is written, not at first use.</remarks>
internal static class RegistrationOptions
{
    /// <summary>Creates the options, applies <paramref name="configure"/> and validates them.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="configure"/> is <see langword="null"/>.</exception>
    /// <exception cref="OptionsValidationException">The configured options are invalid.</exception>
    public static TOptions Configure<TOptions>(Action<TOptions> configure, Func<TOptions, List<string>> getFailures, Func<TOptions, string?>? nameOf = null)
        where TOptions : class, new()
    {
        _ = Throw.IfNull(configure);
        var options = new TOptions();
        configure(options);
        List<string> failures = getFailures(options);
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(nameOf?.Invoke(options) ?? Options.DefaultName, typeof(TOptions), failures);
        }

        return options;
    }
}
