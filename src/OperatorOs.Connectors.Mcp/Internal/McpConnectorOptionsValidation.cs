namespace OperatorOs.Connectors.Mcp.Internal;

/// <summary>Checks <see cref="McpConnectorOptions"/>; shared by the connector's constructor and the DI registration.</summary>
internal static class McpConnectorOptionsValidation
{
    private const string Options = nameof(McpConnectorOptions);

    /// <summary>Returns the problems of the options; empty when they are valid. Messages never contain header values.</summary>
    public static List<string> GetFailures(McpConnectorOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrEmpty(options.ServerName) || !IntentName.IsValid(options.ServerName) || options.ServerName.Contains('.', StringComparison.Ordinal))
        {
            failures.Add($"{Options}.{nameof(McpConnectorOptions.ServerName)} is required: lower-case letters, digits, '-' and '_', starting with a letter (for example 'fs').");
        }

        bool hasCommand = !string.IsNullOrWhiteSpace(options.Command);
        if (hasCommand == (options.Endpoint is not null))
        {
            failures.Add($"{Options}: set exactly one of {nameof(McpConnectorOptions.Command)} (a server started over stdio) and {nameof(McpConnectorOptions.Endpoint)} (a server reached over HTTP).");
        }

        if (options.Endpoint is { } endpoint && (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps)))
        {
            failures.Add($"{Options}.{nameof(McpConnectorOptions.Endpoint)} must be an absolute http or https address.");
        }

        if (options.Arguments.Any(a => a is null))
        {
            failures.Add($"{Options}.{nameof(McpConnectorOptions.Arguments)} contains null.");
        }

        if (options.CapabilityPrefix is { } prefix && (!prefix.EndsWith('.') || !IntentName.IsValid(prefix + "tool")))
        {
            failures.Add($"{Options}.{nameof(McpConnectorOptions.CapabilityPrefix)} '{prefix}' must be dot-separated segments ending with a dot ({IntentName.Rule}), for example 'mcp.fs.'.");
        }

        if (!Enum.IsDefined(options.DefaultRiskTier))
        {
            failures.Add($"{Options}.{nameof(McpConnectorOptions.DefaultRiskTier)} is not a defined risk tier.");
        }

        foreach (KeyValuePair<string, RiskTier> tier in options.ToolRiskTiers.Where(t => !Enum.IsDefined(t.Value)))
        {
            failures.Add($"{Options}.{nameof(McpConnectorOptions.ToolRiskTiers)}['{tier.Key}'] is not a defined risk tier.");
        }

        if (options.AllowedTools.Any(string.IsNullOrWhiteSpace))
        {
            failures.Add($"{Options}.{nameof(McpConnectorOptions.AllowedTools)} contains an empty name.");
        }

        if (string.IsNullOrWhiteSpace(options.LedgerPath))
        {
            failures.Add($"{Options}.{nameof(McpConnectorOptions.LedgerPath)} is required: set it to the SQLite file that records the tokens of tool calls.");
        }
        else if (options.LedgerPath.Contains('\0', StringComparison.Ordinal))
        {
            failures.Add($"{Options}.{nameof(McpConnectorOptions.LedgerPath)} contains a NUL character.");
        }

        if (options.CallTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{Options}.{nameof(McpConnectorOptions.CallTimeout)} must be positive.");
        }

        if (options.StartTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{Options}.{nameof(McpConnectorOptions.StartTimeout)} must be positive.");
        }

        if (options.MaxReadRetryAttempts is < 0 or > McpConnectorConstants.MaxReadRetryAttempts)
        {
            failures.Add($"{Options}.{nameof(McpConnectorOptions.MaxReadRetryAttempts)} must be between 0 and {McpConnectorConstants.MaxReadRetryAttempts}.");
        }

        return failures;
    }
}
