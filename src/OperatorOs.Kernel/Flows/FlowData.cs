using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace OperatorOs;

/// <summary>Builds instance data, an immutable JSON object <c>{ "input", "steps", "events" }</c>, with a <see cref="Utf8JsonWriter"/> (no reflection).</summary>
internal static class FlowData
{
    public const string Input = "input";
    public const string Steps = "steps";
    public const string Events = "events";

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    public static JsonElement Initial(JsonElement input)
    {
        return Write((input, 0), static (w, s) =>
        {
            w.WriteStartObject();
            w.WritePropertyName(Input);
            if (s.input.ValueKind == JsonValueKind.Object)
            {
                s.input.WriteTo(w);
            }
            else
            {
                w.WriteStartObject();
                w.WriteEndObject();
            }

            w.WriteStartObject(Steps);
            w.WriteEndObject();
            w.WriteStartObject(Events);
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    /// <summary>Returns the data with <c>data[section][key] = value</c>, every other member kept in order.</summary>
    /// <remarks>A new key of an existing section (a step's first output, an event's first payload: the usual case) is spliced into the
    /// data's bytes, which were written by this class, without rewriting the rest; a replaced key rewrites the whole object.</remarks>
    public static JsonElement With(JsonElement data, string section, string key, JsonElement value)
    {
        if (data.ValueKind == JsonValueKind.Object && data.TryGetProperty(section, out JsonElement existing)
            && existing.ValueKind == JsonValueKind.Object && !existing.TryGetProperty(key, out _))
        {
            return Splice(data, existing, key, value);
        }

        return Rewrite(data, section, key, value);
    }

    /// <summary>Writes the data again with <c>data[section][key] = value</c> (a replaced key moves to the end of its section).</summary>
    internal static JsonElement Rewrite(JsonElement data, string section, string key, JsonElement value)
    {
        return Write((data, section, key, value), static (w, s) =>
        {
            w.WriteStartObject();
            bool written = false;
            foreach (JsonProperty member in s.data.EnumerateObject())
            {
                if (!member.NameEquals(s.section))
                {
                    member.WriteTo(w);
                    continue;
                }

                written = true;
                WriteSection(w, s.section, member.Value, s.key, s.value);
            }

            if (!written)
            {
                WriteSection(w, s.section, default, s.key, s.value);
            }

            w.WriteEndObject();
        });
    }

    private static void WriteSection(Utf8JsonWriter w, string section, JsonElement existing, string key, JsonElement value)
    {
        w.WriteStartObject(section);
        if (existing.ValueKind == JsonValueKind.Object)
        {
            foreach (JsonProperty member in existing.EnumerateObject())
            {
                if (!member.NameEquals(key))
                {
                    member.WriteTo(w);
                }
            }
        }

        w.WritePropertyName(key);
        if (value.ValueKind == JsonValueKind.Undefined)
        {
            w.WriteNullValue();
        }
        else
        {
            value.WriteTo(w);
        }

        w.WriteEndObject();
    }

    // data[..close of section] + [","] + "key":value + data[close of section..]: the member is written as an object of its own,
    // {"key":value}, so name and value are escaped as the writer does, and spliced in without its braces.
    private static JsonElement Splice(JsonElement data, JsonElement section, string key, JsonElement value)
    {
        ReadOnlySpan<byte> whole = JsonMarshal.GetRawUtf8Value(data);
        ReadOnlySpan<byte> part = JsonMarshal.GetRawUtf8Value(section);
        int close = (int)Unsafe.ByteOffset(ref MemoryMarshal.GetReference(whole), ref MemoryMarshal.GetReference(part)) + part.Length - 1;
        JsonElement.ObjectEnumerator members = section.EnumerateObject();
        bool empty = !members.MoveNext();

        ArrayBufferWriter<byte> buffer = t_buffer ??= new ArrayBufferWriter<byte>(512);
        buffer.ResetWrittenCount();
        Utf8JsonWriter writer = t_writer ??= new Utf8JsonWriter(buffer);
        writer.Reset(buffer);
        writer.WriteStartObject();
        writer.WritePropertyName(key);
        if (value.ValueKind == JsonValueKind.Undefined)
        {
            writer.WriteNullValue();
        }
        else
        {
            value.WriteTo(writer);
        }

        writer.WriteEndObject();
        writer.Flush();
        int length = buffer.WrittenCount;
        int total = close + (empty ? 0 : 1) + (length - 2) + (whole.Length - close);
        Span<byte> target = buffer.GetSpan(total);
        ReadOnlySpan<byte> member = buffer.WrittenSpan[1..(length - 1)];
        whole[..close].CopyTo(target);
        int at = close;
        if (!empty)
        {
            target[at++] = (byte)',';
        }

        member.CopyTo(target[at..]);
        at += member.Length;
        whole[close..].CopyTo(target[at..]);
        at += whole.Length - close;
        return JsonElement.Parse(target[..at]);
    }

    private static JsonElement Write<TState>(TState state, Action<Utf8JsonWriter, TState> write)
    {
        // One buffer and writer per thread, reused: only the element's own document is allocated.
        ArrayBufferWriter<byte> buffer = t_buffer ??= new ArrayBufferWriter<byte>(512);
        buffer.ResetWrittenCount();
        Utf8JsonWriter writer = t_writer ??= new Utf8JsonWriter(buffer);
        writer.Reset(buffer);
        write(writer, state);
        writer.Flush();
        JsonElement element = JsonElement.Parse(buffer.WrittenSpan);
        if (buffer.Capacity > 256 * 1024)
        {
            t_buffer = null;
            t_writer = null;
        }

        return element;
    }
}
