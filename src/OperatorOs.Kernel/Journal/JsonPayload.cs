using System.Buffers;
using System.Text.Json;

namespace OperatorOs;

/// <summary>Builds journal payloads with a <see cref="Utf8JsonWriter"/>: no reflection, so the kernel stays trimming- and AOT-safe.</summary>
internal static class JsonPayload
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    public static JsonElement Object<TState>(TState state, Action<Utf8JsonWriter, TState> writeProperties)
    {
        // One buffer per thread, reused; the element is parsed straight into its own standalone document (no second copy),
        // and cloning it later (JournalEntry, MemoryWrite) allocates nothing.
        ArrayBufferWriter<byte> buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writeProperties(writer, state);
            writer.WriteEndObject();
        }

        JsonElement element = JsonElement.Parse(buffer.WrittenSpan);
        if (buffer.Capacity > 64 * 1024)
        {
            t_buffer = null;
        }

        return element;
    }

    public static void WriteStringArray(this Utf8JsonWriter writer, string propertyName, IEnumerable<string> values)
    {
        writer.WriteStartArray(propertyName);
        foreach (string value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    public static void WriteElement(this Utf8JsonWriter writer, string propertyName, JsonElement value)
    {
        writer.WritePropertyName(propertyName);
        if (value.ValueKind == JsonValueKind.Undefined)
        {
            writer.WriteNullValue();
        }
        else
        {
            value.WriteTo(writer);
        }
    }
}
