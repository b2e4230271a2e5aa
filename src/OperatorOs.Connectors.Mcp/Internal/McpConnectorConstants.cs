namespace OperatorOs.Connectors.Mcp.Internal;

/// <summary>Limits and fixed values of the Mcp connector.</summary>
internal static class McpConnectorConstants
{
    /// <summary>The most retries of a read tool's call that may be configured.</summary>
    public const int MaxReadRetryAttempts = 10;

    /// <summary>The base delay between retries of a read tool's call.</summary>
    public static readonly TimeSpan ReadRetryDelay = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest excerpt of a tool's error text put into an exception message.</summary>
    public const int MaxErrorExcerptChars = 500;

    /// <summary>The longest first line of a result put into its summary.</summary>
    public const int MaxSummaryExcerptChars = 120;
}
