using Microsoft.Extensions.Options;
using OperatorOs;
using OperatorOs.Connectors.Http;
using OperatorOs.Connectors.Http.Internal;
using OperatorOs.Shared;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="HttpConnector"/>s with OperatorOs.</summary>
public static class HttpConnectorOperatorOsBuilderExtensions
{
    /// <summary>Registers an <see cref="HttpConnector"/> as a singleton <see cref="Connector"/> service.</summary>
    /// <param name="builder">The OperatorOs builder.</param>
    /// <param name="configure">Sets the connector's options: at least one operation, and a base address for relative URL templates.</param>
    /// <returns>The <paramref name="builder"/>, for chaining.</returns>
    /// <remarks>
    /// <para><paramref name="configure"/> runs once, immediately, and the options are validated at registration, so a malformed
    /// operation fails at startup. The connector is created on first resolution with the <see cref="TimeProvider"/> registered in
    /// the container, or <see cref="TimeProvider.System"/> when there is none; the container disposes it.</para>
    /// <para>Call it once per API to register several connectors; give each its own <see cref="HttpConnectorOptions.Name"/>.
    /// Capability names must differ across all connectors: the kernel rejects duplicates.</para>
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="configure"/> is <see langword="null"/>.</exception>
    /// <exception cref="OptionsValidationException">The configured options are invalid.</exception>
    public static IOperatorOsBuilder AddHttpConnector(this IOperatorOsBuilder builder, Action<HttpConnectorOptions> configure)
    {
        _ = Throw.IfNull(builder);
        _ = Throw.IfNull(configure);

        var options = new HttpConnectorOptions();
        configure(options);
        List<string> failures = HttpConnectorOptionsValidation.GetFailures(options);
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(options.Name ?? Options.Options.DefaultName, typeof(HttpConnectorOptions), failures);
        }

        _ = builder.Services.AddSingleton<Connector>(services =>
            new HttpConnector(options, services.GetService<TimeProvider>() ?? TimeProvider.System));
        return builder;
    }
}
