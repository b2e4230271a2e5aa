using System.Text;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using OperatorOs.Shared;

namespace OperatorOs.Connectors.Mcp.Internal;

/// <summary>What the connector made of the server's tool list: the offered tools by capability name, and every listed tool.</summary>
internal sealed class ToolCatalog
{
    private readonly Dictionary<string, CompiledTool> _byCapability;

    private ToolCatalog(Dictionary<string, CompiledTool> byCapability, IReadOnlyList<CapabilityDescriptor> descriptors, IReadOnlyList<McpDiscoveredTool> discovered)
    {
        _byCapability = byCapability;
        Descriptors = descriptors;
        Discovered = discovered;
    }

    /// <summary>Gets the descriptors of the offered tools, in the server's order.</summary>
    public IReadOnlyList<CapabilityDescriptor> Descriptors { get; }

    /// <summary>Gets every tool the server listed, offered or not.</summary>
    public IReadOnlyList<McpDiscoveredTool> Discovered { get; }

    /// <summary>Returns the offered tool behind a capability, or <see langword="null"/>.</summary>
    public CompiledTool? Find(string capability) => _byCapability.GetValueOrDefault(capability);

    /// <summary>Builds the catalog; returns the configuration problems (names of tools the server does not offer) instead of a catalog when there are any.</summary>
    public static ToolCatalog Build(IEnumerable<Tool> tools, McpToolSettings settings, out List<string> problems)
    {
        var byCapability = new Dictionary<string, CompiledTool>(StringComparer.Ordinal);
        var descriptors = new List<CapabilityDescriptor>();
        var discovered = new List<McpDiscoveredTool>();
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (Tool tool in tools)
        {
            if (string.IsNullOrEmpty(tool.Name) || !listed.Add(tool.Name))
            {
                continue;
            }

            RiskTier tier = settings.TierOf(tool);
            string? capability = CapabilityNameOf(settings.Prefix, tool.Name);
            string? hidden =
                capability is null ? $"no valid capability name can be formed from '{tool.Name}' ({IntentName.Rule})"
                : settings.AllowedTools.Count > 0 && !settings.AllowedTools.Contains(tool.Name) ? "not in the allow-list"
                : settings.ReadOnly && tier != RiskTier.Read ? $"the connector is read-only and the tool's tier is {tier}"
                : byCapability.ContainsKey(capability) ? $"another tool already has the capability name '{capability}'"
                : null;

            if (hidden is null)
            {
                var descriptor = new CapabilityDescriptor(capability!, DescriptionOf(tool), tier, ArgumentsSchemaOf(tool.InputSchema));
                byCapability.Add(descriptor.Name, new CompiledTool(tool.Name, descriptor));
                descriptors.Add(descriptor);
            }

            discovered.Add(new McpDiscoveredTool(tool.Name, capability, tier, hidden is null, hidden));
        }

        problems = [];
        string[] unknownTiers = [.. settings.ConfiguredTiers.Keys.Where(name => !listed.Contains(name)).Order(StringComparer.Ordinal)];
        if (unknownTiers.Length > 0)
        {
            problems.Add($"{nameof(McpConnectorOptions.ToolRiskTiers)} names tools the server does not offer: {string.Join(", ", unknownTiers)}");
        }

        string[] unknownAllowed = [.. settings.AllowedTools.Where(name => !listed.Contains(name)).Order(StringComparer.Ordinal)];
        if (unknownAllowed.Length > 0)
        {
            problems.Add($"{nameof(McpConnectorOptions.AllowedTools)} names tools the server does not offer: {string.Join(", ", unknownAllowed)}");
        }

        return new ToolCatalog(byCapability, descriptors.AsReadOnly(), discovered.AsReadOnly());
    }

    /// <summary>Forms a capability name from a tool name: lower case, camelCase split with '_', other characters replaced by '_'.</summary>
    public static string? CapabilityNameOf(string prefix, string toolName)
    {
        var name = new StringBuilder(prefix, prefix.Length + toolName.Length + 8);
        char previous = '\0';
        foreach (char c in toolName)
        {
            if (char.IsAsciiLetterUpper(c))
            {
                if (char.IsAsciiLetterLower(previous) || char.IsAsciiDigit(previous))
                {
                    _ = name.Append('_');
                }

                _ = name.Append(char.ToLowerInvariant(c));
            }
            else
            {
                _ = name.Append(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_' ? c : '_');
            }

            previous = c;
        }

        string result = name.ToString();
        return IntentName.IsValid(result) ? result : null;
    }

    private static string DescriptionOf(Tool tool)
    {
        string? text = !string.IsNullOrWhiteSpace(tool.Description) ? tool.Description
            : !string.IsNullOrWhiteSpace(tool.Title) ? tool.Title
            : null;
        return text ?? $"The MCP tool '{tool.Name}'.";
    }

    // The server's input schema is the arguments schema; one without a type (allowed by older servers) is given "type": "object".
    private static JsonElement ArgumentsSchemaOf(JsonElement inputSchema)
    {
        if (inputSchema.ValueKind == JsonValueKind.Object && inputSchema.TryGetProperty("type", out _))
        {
            return inputSchema;
        }

        return JsonOutput.Build(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("type", "object");
            if (inputSchema.ValueKind == JsonValueKind.Object)
            {
                foreach (JsonProperty property in inputSchema.EnumerateObject())
                {
                    property.WriteTo(writer);
                }
            }

            writer.WriteEndObject();
        });
    }
}
