using System.Buffers;
using System.Text;
using System.Text.Json;

namespace TeachingAssistant.Support;

/// <summary>Builds JSON with <see cref="Utf8JsonWriter"/> (no reflection), as values for proposals and memory.</summary>
internal static class Json
{
    public static JsonElement Element(Action<Utf8JsonWriter> write)
    {
        using JsonDocument document = JsonDocument.Parse(Bytes(write));
        return document.RootElement.Clone();
    }

    public static string Text(Action<Utf8JsonWriter> write) => Encoding.UTF8.GetString(Bytes(write));

    public static JsonElement String(string value) => Element(w => w.WriteStringValue(value));

    public static string? GetString(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>Returns a copy of a JSON object with one property set (added, or replacing the old value).</summary>
    public static JsonElement With(JsonElement value, string property, JsonElement replacement) => Element(w =>
    {
        w.WriteStartObject();
        foreach (JsonProperty existing in value.EnumerateObject().Where(p => p.Name != property))
        {
            existing.WriteTo(w);
        }

        w.WritePropertyName(property);
        replacement.WriteTo(w);
        w.WriteEndObject();
    });

    private static byte[] Bytes(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
