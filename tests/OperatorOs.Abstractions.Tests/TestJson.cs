using System.Text.Json;

namespace OperatorOs.Abstractions.Tests;

/// <summary>Parses JSON into detached elements for tests.</summary>
internal static class TestJson
{
    public static JsonElement Parse(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
