namespace OperatorOs.Connectors.Mcp;

/// <summary>Represents the settings of an <see cref="McpConnector"/>: which MCP server to start or reach, how its tools become
/// capabilities, and where the connector keeps its token ledger.</summary>
/// <remarks>
/// <para>Give either <see cref="Command"/> (a server started as a child process and spoken to over stdio) or
/// <see cref="Endpoint"/> (a server reached over Streamable HTTP, falling back to SSE), not both.</para>
/// <para>Risk tiers come from configuration, not from the server: a tool is <see cref="DefaultRiskTier"/>
/// (<see cref="RiskTier.External"/>, so policies ask for approval) unless <see cref="ToolRiskTiers"/> names it, or unless
/// <see cref="TrustReadOnlyAnnotations"/> is set and the server annotates it <c>readOnlyHint: true</c>.</para>
/// <para>The connector copies the values when it is created; changing the options afterwards has no effect on it.</para>
/// </remarks>
public class McpConnectorOptions
{
    /// <summary>Gets or sets the server's short name, used in the connector's name (<c>mcp.{ServerName}</c>), the default
    /// capability prefix and error messages.</summary>
    /// <value>Required: lower-case letters, digits, '-' and '_', starting with a letter, for example <c>fs</c>.</value>
    public string? ServerName { get; set; }

    /// <summary>Gets or sets the command that starts the server as a child process spoken to over stdio, for example <c>node</c>.</summary>
    /// <value>The default value is <see langword="null"/>. Either this or <see cref="Endpoint"/> is required.</value>
    public string? Command { get; set; }

    /// <summary>Gets the arguments passed to <see cref="Command"/>.</summary>
    /// <value>Empty by default.</value>
    public IList<string> Arguments { get; } = [];

    /// <summary>Gets environment variables set for the server process.</summary>
    /// <value>Empty by default. A value of <see langword="null"/> removes an inherited variable.</value>
    public IDictionary<string, string?> EnvironmentVariables { get; } = new Dictionary<string, string?>(StringComparer.Ordinal);

    /// <summary>Gets or sets a value indicating whether the server process inherits this process's whole environment.</summary>
    /// <value>The default value is <see langword="false"/>: the server gets only a minimal set (such as <c>PATH</c> and
    /// <c>HOME</c>) plus <see cref="EnvironmentVariables"/>, so this process's credentials do not leak to a third-party server.</value>
    public bool InheritEnvironment { get; set; }

    /// <summary>Gets or sets the working directory of the server process.</summary>
    /// <value>The default value is <see langword="null"/>: the current directory.</value>
    public string? WorkingDirectory { get; set; }

    /// <summary>Gets or sets the absolute HTTP(S) address of a server reached over Streamable HTTP (or SSE).</summary>
    /// <value>The default value is <see langword="null"/>. Either this or <see cref="Command"/> is required.</value>
    public Uri? Endpoint { get; set; }

    /// <summary>Gets headers sent with every HTTP request to <see cref="Endpoint"/>, for example <c>Authorization</c>.</summary>
    /// <value>Empty by default. The values are treated as secrets: they never appear in results or messages.</value>
    public IDictionary<string, string> HttpHeaders { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets or sets the text put before each tool's name to form its capability name, for example <c>mcp.fs.</c>.</summary>
    /// <value>The default value is <see langword="null"/>, meaning <c>mcp.{ServerName}.</c>. It must end with a dot.</value>
    public string? CapabilityPrefix { get; set; }

    /// <summary>Gets or sets the risk tier of a tool that <see cref="ToolRiskTiers"/> does not name.</summary>
    /// <value>The default value is <see cref="RiskTier.External"/>, so calls need approval under the default policy.</value>
    public RiskTier DefaultRiskTier { get; set; } = RiskTier.External;

    /// <summary>Gets the risk tier of each named tool (by the server's tool name, for example <c>read_file</c>).</summary>
    /// <value>Empty by default. Every name must be a tool the server offers, or the connector fails to start.</value>
    public IDictionary<string, RiskTier> ToolRiskTiers { get; } = new Dictionary<string, RiskTier>(StringComparer.Ordinal);

    /// <summary>Gets the tools offered as capabilities; when empty, every tool is offered.</summary>
    /// <value>Empty by default. Every name must be a tool the server offers, or the connector fails to start.</value>
    public IList<string> AllowedTools { get; } = [];

    /// <summary>Gets or sets a value indicating whether only tools of tier <see cref="RiskTier.Read"/> are offered.</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool ReadOnly { get; set; }

    /// <summary>Gets or sets a value indicating whether a tool the server annotates <c>readOnlyHint: true</c>, and that
    /// <see cref="ToolRiskTiers"/> does not name, is <see cref="RiskTier.Read"/>.</summary>
    /// <value>The default value is <see langword="false"/>: annotations are the server's claims, so configuration decides.</value>
    public bool TrustReadOnlyAnnotations { get; set; }

    /// <summary>Gets or sets the path of the SQLite file in which the connector records the tokens of calls with an effect.</summary>
    /// <value>Required. A relative path is resolved against the current directory; the file is created when missing.</value>
    public string? LedgerPath { get; set; }

    /// <summary>Gets or sets how long one tool call may take.</summary>
    /// <value>The default value is 30 seconds. It must be positive.</value>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how long starting the server, the MCP handshake and listing its tools may take.</summary>
    /// <value>The default value is 30 seconds. It must be positive.</value>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how many times a failed call of a <see cref="RiskTier.Read"/> tool is retried (after a timeout or
    /// a lost server, which is restarted); calls of other tools are never retried.</summary>
    /// <value>The default value is 2. It must be between 0 and 10.</value>
    public int MaxReadRetryAttempts { get; set; } = 2;
}
