using System.Text.Json.Nodes;

namespace OperatorOs.Connectors.Files.Tests;

/// <summary>Trims test arguments to the members a capability accepts.</summary>
internal static class JsonObjectExtensions
{
    public static JsonObject Where(this JsonObject arguments, string capability)
    {
        if (capability != FilesConnector.WriteCapability)
        {
            arguments.Remove("content");
        }

        return arguments;
    }
}
