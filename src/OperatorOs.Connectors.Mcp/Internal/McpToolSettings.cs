using ModelContextProtocol.Protocol;

namespace OperatorOs.Connectors.Mcp.Internal;

/// <summary>The tool-related settings copied from <see cref="McpConnectorOptions"/>.</summary>
internal sealed class McpToolSettings
{
    public McpToolSettings(McpConnectorOptions options)
    {
        Prefix = options.CapabilityPrefix ?? $"mcp.{options.ServerName}.";
        DefaultTier = options.DefaultRiskTier;
        ConfiguredTiers = new Dictionary<string, RiskTier>(options.ToolRiskTiers, StringComparer.Ordinal);
        AllowedTools = new HashSet<string>(options.AllowedTools, StringComparer.Ordinal);
        ReadOnly = options.ReadOnly;
        TrustReadOnlyAnnotations = options.TrustReadOnlyAnnotations;
    }

    public string Prefix { get; }

    public RiskTier DefaultTier { get; }

    public IReadOnlyDictionary<string, RiskTier> ConfiguredTiers { get; }

    public IReadOnlySet<string> AllowedTools { get; }

    public bool ReadOnly { get; }

    public bool TrustReadOnlyAnnotations { get; }

    /// <summary>Returns a tool's tier: configured, else Read when a trusted annotation says so, else the default.</summary>
    public RiskTier TierOf(Tool tool) =>
        ConfiguredTiers.TryGetValue(tool.Name, out RiskTier tier) ? tier
        : TrustReadOnlyAnnotations && tool.Annotations?.ReadOnlyHint == true ? RiskTier.Read
        : DefaultTier;
}
