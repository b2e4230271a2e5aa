namespace OperatorOs.Connectors.Billing.Internal;

/// <summary>Checks <see cref="StripeStylePaymentGatewayOptions"/>; messages never contain the API key.</summary>
internal static class PaymentGatewayOptionsValidation
{
    private const string Options = nameof(StripeStylePaymentGatewayOptions);

    /// <summary>Returns the problems of the options; empty when they are valid.</summary>
    public static List<string> GetFailures(StripeStylePaymentGatewayOptions options)
    {
        var failures = new List<string>();
        if (options.BaseAddress is not { IsAbsoluteUri: true } address || (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps))
        {
            failures.Add($"{Options}.{nameof(StripeStylePaymentGatewayOptions.BaseAddress)} is required: an absolute http or https address such as https://api.stripe.com/.");
        }

        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            failures.Add($"{Options}.{nameof(StripeStylePaymentGatewayOptions.ApiKey)} is required.");
        }
        else if (options.ApiKey.Any(c => c is < '!' or > '~'))
        {
            failures.Add($"{Options}.{nameof(StripeStylePaymentGatewayOptions.ApiKey)} may contain only printable ASCII without spaces.");
        }

        if (options.Timeout <= TimeSpan.Zero)
        {
            failures.Add($"{Options}.{nameof(StripeStylePaymentGatewayOptions.Timeout)} must be positive.");
        }

        if (options.MaxRetryAttempts is < 0 or > 10)
        {
            failures.Add($"{Options}.{nameof(StripeStylePaymentGatewayOptions.MaxRetryAttempts)} must be between 0 and 10.");
        }

        if (options.RetryDelay < TimeSpan.Zero)
        {
            failures.Add($"{Options}.{nameof(StripeStylePaymentGatewayOptions.RetryDelay)} must not be negative.");
        }

        return failures;
    }
}
