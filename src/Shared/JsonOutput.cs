using System.Buffers;
using System.Text.Json;

namespace OperatorOs.Shared;

/// <summary>Builds JSON values with a <see cref="Utf8JsonWriter"/>, without reflection; compiled into every OperatorOs package.</summary>
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
}
