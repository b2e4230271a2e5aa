using System.Text.Json;
using OperatorOs.Shared;

namespace OperatorOs.Testing;

/// <summary>Parses JSON text into detached elements, for arranging intents, proposals and connector arguments in tests.</summary>
public static class TestJson
{
    /// <summary>Parses JSON text into an element that outlives its document.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The parsed element.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is <see langword="null"/>.</exception>
    /// <exception cref="JsonException"><paramref name="json"/> is not valid JSON.</exception>
    public static JsonElement Parse(string json)
    {
        _ = Throw.IfNull(json);
        using JsonDocument document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
