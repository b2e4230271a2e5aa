using Microsoft.Extensions.Options;
using OperatorOs;
using OperatorOs.Connectors.Files;
using OperatorOs.Connectors.Files.Internal;
using OperatorOs.Shared;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the <see cref="FilesConnector"/> with OperatorOs.</summary>
public static class FilesConnectorOperatorOsBuilderExtensions
{
    /// <summary>Registers a <see cref="FilesConnector"/> as a singleton <see cref="Connector"/> service.</summary>
    /// <param name="builder">The OperatorOs builder.</param>
    /// <param name="configure">Sets the connector's options; <see cref="FilesConnectorOptions.RootPath"/> is required.</param>
    /// <returns>The <paramref name="builder"/>, for chaining.</returns>
    /// <remarks>
    /// <para><paramref name="configure"/> runs once, immediately, and the options are validated at registration, so a missing
    /// root fails at startup rather than at the first operation. The connector is created on first resolution with the
    /// <see cref="TimeProvider"/> registered in the container, or <see cref="TimeProvider.System"/> when there is none.</para>
    /// <para>The kernel discovers connectors by resolving <c>IEnumerable&lt;Connector&gt;</c>.</para>
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="configure"/> is <see langword="null"/>.</exception>
    /// <exception cref="OptionsValidationException">The configured options are invalid, for example <see cref="FilesConnectorOptions.RootPath"/> is missing.</exception>
    public static IOperatorOsBuilder AddFilesConnector(this IOperatorOsBuilder builder, Action<FilesConnectorOptions> configure)
    {
        _ = Throw.IfNull(builder);
        FilesConnectorOptions options = RegistrationOptions.Configure<FilesConnectorOptions>(configure, FilesConnectorOptionsValidation.GetFailures);

        _ = builder.Services.AddSingleton<Connector>(services =>
            new FilesConnector(options, services.GetService<TimeProvider>() ?? TimeProvider.System));
        return builder;
    }
}
