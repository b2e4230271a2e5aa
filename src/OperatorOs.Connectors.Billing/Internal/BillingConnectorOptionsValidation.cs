namespace OperatorOs.Connectors.Billing.Internal;

/// <summary>Checks <see cref="BillingConnectorOptions"/>; shared by the connector's constructor and the DI registration.</summary>
internal static class BillingConnectorOptionsValidation
{
    /// <summary>Returns the problems of the options; empty when they are valid.</summary>
    public static List<string> GetFailures(BillingConnectorOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DatabasePath))
        {
            failures.Add($"{nameof(BillingConnectorOptions)}.{nameof(BillingConnectorOptions.DatabasePath)} is required: set it to the SQLite file that holds the ledger.");
        }
        else if (options.DatabasePath.Contains('\0', StringComparison.Ordinal))
        {
            failures.Add($"{nameof(BillingConnectorOptions)}.{nameof(BillingConnectorOptions.DatabasePath)} contains a NUL character.");
        }

        return failures;
    }
}
