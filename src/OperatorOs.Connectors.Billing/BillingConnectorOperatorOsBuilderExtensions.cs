using Microsoft.Extensions.Options;
using OperatorOs;
using OperatorOs.Connectors.Billing;
using OperatorOs.Connectors.Billing.Internal;
using OperatorOs.Shared;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the <see cref="BillingConnector"/> with OperatorOs.</summary>
public static class BillingConnectorOperatorOsBuilderExtensions
{
    /// <summary>Registers a <see cref="BillingConnector"/> as a singleton <see cref="Connector"/> service.</summary>
    /// <param name="builder">The OperatorOs builder.</param>
    /// <param name="configure">Sets the connector's options; <see cref="BillingConnectorOptions.DatabasePath"/> is required.</param>
    /// <returns>The <paramref name="builder"/>, for chaining.</returns>
    /// <remarks><paramref name="configure"/> runs once, immediately, and the options are validated at registration. The connector
    /// is created on first resolution with the <see cref="TimeProvider"/> registered in the container, or <see cref="TimeProvider.System"/>,
    /// and with the <see cref="IPaymentGateway"/> registered in the container (for example by <c>AddStripeStylePaymentGateway</c>), if any.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="configure"/> is <see langword="null"/>.</exception>
    /// <exception cref="OptionsValidationException">The configured options are invalid, for example <see cref="BillingConnectorOptions.DatabasePath"/> is missing.</exception>
    public static IOperatorOsBuilder AddBillingConnector(this IOperatorOsBuilder builder, Action<BillingConnectorOptions> configure)
    {
        _ = Throw.IfNull(builder);
        BillingConnectorOptions options = RegistrationOptions.Configure<BillingConnectorOptions>(configure, BillingConnectorOptionsValidation.GetFailures);

        _ = builder.Services.AddSingleton<Connector>(services =>
            new BillingConnector(options, services.GetService<TimeProvider>() ?? TimeProvider.System, services.GetService<IPaymentGateway>()));
        return builder;
    }
}
