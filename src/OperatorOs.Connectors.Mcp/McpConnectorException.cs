namespace OperatorOs.Connectors.Mcp;

/// <summary>The exception that is thrown when an MCP server or one of its tools fails.</summary>
/// <remarks>The message names the server and, where there is one, the tool; it never contains a configured HTTP header value.</remarks>
public sealed class McpConnectorException : ConnectorException
{
    /// <summary>Initializes a new instance of the <see cref="McpConnectorException"/> class.</summary>
    /// <param name="connector">The connector's name.</param>
    /// <param name="server">The server's name.</param>
    /// <param name="tool">The tool's name, or <see langword="null"/> when the failure is not a tool call's.</param>
    /// <param name="failure">What went wrong.</param>
    /// <param name="message">What failed.</param>
    /// <param name="isTransient">Whether trying again with the same token may succeed.</param>
    /// <param name="innerException">The exception that caused the failure, if any.</param>
    public McpConnectorException(string connector, string server, string? tool, McpFailure failure, string message, bool isTransient, Exception? innerException = null)
        : base(connector, message, isTransient, innerException)
    {
        Server = server;
        Tool = tool;
        Failure = failure;
    }

    /// <summary>Gets the server's name.</summary>
    public string Server { get; }

    /// <summary>Gets the tool's name, or <see langword="null"/> when the failure is not a tool call's.</summary>
    public string? Tool { get; }

    /// <summary>Gets what went wrong.</summary>
    public McpFailure Failure { get; }
}
