using System.Text.Json;

namespace OperatorOs.Connectors.Mcp.Internal;

/// <summary>One offered tool: its server name, the capability it became, and the schema its arguments are checked against.</summary>
internal sealed record CompiledTool(string ToolName, CapabilityDescriptor Descriptor)
{
    /// <summary>Gets a value indicating whether calls may be repeated: the tool's tier is <see cref="RiskTier.Read"/>.</summary>
    public bool IsRead => Descriptor.RiskTier == RiskTier.Read;

    /// <summary>Checks arguments against the tool's input schema; throws <see cref="ConnectorArgumentException"/>.</summary>
    public void Validate(JsonElement arguments) =>
        ToolArgumentsValidator.Validate(Descriptor.Name, Descriptor.ArgumentsSchema, arguments, "$");
}
