using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OperatorOs;
using OperatorOs.Connectors.Billing;
using OperatorOs.Connectors.Billing.Internal;
using OperatorOs.Shared;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the payment gateway the <see cref="BillingConnector"/> charges and refunds through.</summary>
public static class PaymentGatewayOperatorOsBuilderExtensions
{
    /// <summary>Registers a <see cref="StripeStylePaymentGateway"/> as the singleton <see cref="IPaymentGateway"/>, unless a gateway is already registered.</summary>
    /// <param name="builder">The OperatorOs builder.</param>
    /// <param name="configure">Sets the gateway's options: the base address and the API key are required.</param>
    /// <returns>The <paramref name="builder"/>, for chaining.</returns>
    /// <remarks><paramref name="configure"/> runs once, immediately, and the options are validated at registration. The gateway is
    /// created with the <see cref="TimeProvider"/> registered in the container, or <see cref="TimeProvider.System"/>, and disposed by
    /// the container. <c>AddBillingConnector</c> picks it up, in either order of registration.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="configure"/> is <see langword="null"/>.</exception>
    /// <exception cref="OptionsValidationException">The configured options are invalid; the failures never contain the API key.</exception>
    public static IOperatorOsBuilder AddStripeStylePaymentGateway(this IOperatorOsBuilder builder, Action<StripeStylePaymentGatewayOptions> configure)
    {
        _ = Throw.IfNull(builder);
        StripeStylePaymentGatewayOptions options = RegistrationOptions.Configure<StripeStylePaymentGatewayOptions>(configure, PaymentGatewayOptionsValidation.GetFailures);

        builder.Services.TryAddSingleton<IPaymentGateway>(services =>
            new StripeStylePaymentGateway(options, services.GetService<TimeProvider>() ?? TimeProvider.System));
        return builder;
    }
}
