using System.Buffers;
using System.Text.Json;

namespace OperatorOs;

/// <summary>Builds journal payloads with a <see cref="Utf8JsonWriter"/>: no reflection, so the kernel stays trimming- and AOT-safe.</summary>
internal static class JsonPayload
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    public static JsonElement Object<TState>(TState state, Action<Utf8JsonWriter, TState> writeProperties)
    {
        // One buffer and writer per thread, reused; the element is parsed straight into its own standalone document (no second
        // copy), and cloning it later (JournalEntry, MemoryWrite) allocates nothing. A nested call gets a writer of its own.
        ArrayBufferWriter<byte> buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        Utf8JsonWriter writer = t_writer ??= new Utf8JsonWriter(buffer);
        t_buffer = null;
        t_writer = null;
        try
        {
            buffer.ResetWrittenCount();
            writer.Reset(buffer);
            writer.WriteStartObject();
            writeProperties(writer, state);
            writer.WriteEndObject();
            writer.Flush();
            return JsonElement.Parse(buffer.WrittenSpan);
        }
        finally
        {
            if (buffer.Capacity <= 64 * 1024)
            {
                t_buffer = buffer;
                t_writer = writer;
            }
        }
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

    public static void WriteElement(this Utf8JsonWriter writer, string propertyName, JsonElement value) =>
        WriteElement(writer, JsonEncodedText.Encode(propertyName), value);

    public static void WriteElement(this Utf8JsonWriter writer, JsonEncodedText propertyName, JsonElement value)
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
