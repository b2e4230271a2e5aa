using System.Text.Json;

namespace OperatorOs.Connectors.Http.Internal;

/// <summary>Copies JSON while passing names and strings through a redactor, so secrets echoed by a server never leave the connector.</summary>
internal static class JsonRedaction
{
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
