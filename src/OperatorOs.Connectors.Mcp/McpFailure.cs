namespace OperatorOs.Connectors.Mcp;

/// <summary>Specifies what went wrong in an MCP call.</summary>
public enum McpFailure
{
    /// <summary>The server could not be started, or the handshake or tool listing failed, or the configuration does not match its tools.</summary>
    Startup = 0,

    /// <summary>The tool ran and reported an error (<c>isError: true</c>).</summary>
    ToolError = 1,

    /// <summary>The server answered the request with a JSON-RPC error.</summary>
    ProtocolError = 2,

    /// <summary>The server's answer was not a valid tool result.</summary>
    MalformedResponse = 3,

    /// <summary>The server process exited or the connection to it was lost.</summary>
    ServerExited = 4,

    /// <summary>No answer came within <see cref="McpConnectorOptions.CallTimeout"/>.</summary>
    Timeout = 5,

    /// <summary>An earlier call with the same token was started but its outcome was never recorded; the connector does not repeat it.</summary>
    InDoubt = 6,
}
