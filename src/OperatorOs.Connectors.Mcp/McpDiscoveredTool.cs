namespace OperatorOs.Connectors.Mcp;

/// <summary>Describes one tool the server listed and what the connector made of it.</summary>
/// <param name="ToolName">The server's name for the tool.</param>
/// <param name="Capability">The capability name the tool was given, or <see langword="null"/> when no valid name could be formed.</param>
/// <param name="RiskTier">The tier from configuration (or a trusted annotation).</param>
/// <param name="IsOffered">Whether the tool is offered as a capability.</param>
/// <param name="HiddenBecause">Why the tool is not offered, or <see langword="null"/> when it is.</param>
public sealed record McpDiscoveredTool(string ToolName, string? Capability, RiskTier RiskTier, bool IsOffered, string? HiddenBecause);
