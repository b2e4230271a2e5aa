using System.Buffers;
using System.Text.Json;

namespace OperatorOs.Connectors.Http.Internal;

/// <summary>Builds JSON values with a <see cref="Utf8JsonWriter"/>, without reflection.</summary>
internal static class JsonOutput
{
    /// <summary>Writes a JSON value with <paramref name="write"/> and returns it as a detached element.</summary>
    public static JsonElement Build(Action<Utf8JsonWriter> write)
    {
        byte[] bytes = BuildBytes(write);
        using JsonDocument document = JsonDocument.Parse(bytes);
        return document.RootElement.Clone();
    }

    /// <summary>Writes a JSON value with <paramref name="write"/> and returns its UTF-8 bytes.</summary>
    public static byte[] BuildBytes(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Copies a JSON value, passing every property name and string value through <paramref name="redact"/>.</summary>
    public static void WriteRedacted(Utf8JsonWriter writer, JsonElement element, Func<string, string> redact)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (JsonProperty property in element.EnumerateObject())
                {
                    writer.WritePropertyName(redact(property.Name));
                    WriteRedacted(writer, property.Value, redact);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (JsonElement item in element.EnumerateArray())
                {
                    WriteRedacted(writer, item, redact);
                }

                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                writer.WriteStringValue(redact(element.GetString()!));
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }
}
