using System.Buffers;
using System.Text.Json;

namespace OperatorOs;

/// <summary>Instance data, the JSON object <c>{ "input", "steps", "events" }</c>, kept in parts and written as one object only when asked.</summary>
/// <remarks>
/// <para>Immutable: <see cref="With"/> returns new data sharing the rest, so a context or snapshot keeps what it saw. Every completed step
/// changes the data; writing and parsing the whole object each time made a flow's cost grow with the square of its outputs, while
/// argument builders and guards mostly read one step's output or the input.</para>
/// <para>Members keep their order; a replaced key moves to the end of its section (as a rewrite of the object would place it).</para>
/// </remarks>
internal sealed class FlowData : IFlowDataParts
{
    public const string Input = "input";
    public const string Steps = "steps";
    public const string Events = "events";

    private static readonly JsonElement EmptyObject = JsonElement.Parse("{}"u8);
    private static readonly JsonElement Null = JsonElement.Parse("null"u8);

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    private readonly JsonElement _input;
    private readonly KeyValuePair<string, JsonElement>[] _steps;
    private readonly KeyValuePair<string, JsonElement>[] _events;

    // Built on first use; two threads may both build it, to equal values.
    private JsonElement _element;

    private FlowData(JsonElement input, KeyValuePair<string, JsonElement>[] steps, KeyValuePair<string, JsonElement>[] events, JsonElement element = default)
    {
        _input = input;
        _steps = steps;
        _events = events;
        _element = element;
    }

    /// <summary>Gets the whole data object.</summary>
    public JsonElement Element
    {
        get
        {
            if (_element.ValueKind == JsonValueKind.Undefined)
            {
                _element = Build();
            }

            return _element;
        }
    }

    JsonElement IFlowDataParts.Input => _input;

    /// <summary>The data an instance starts with: its input (an empty object when it has none) and no outputs or events yet.</summary>
    public static FlowData Initial(JsonElement input) => new(input.ValueKind == JsonValueKind.Object ? input : EmptyObject, [], []);

    /// <summary>Reads data written as one object (a schema 1 record carries it); a missing section is empty.</summary>
    /// <exception cref="FormatException"><paramref name="data"/> is not an object, or a section is not one.</exception>
    public static FlowData FromElement(JsonElement data)
    {
        if (data.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"flow data must be a JSON object, not {data.ValueKind}.");
        }

        JsonElement input = data.TryGetProperty(Input, out JsonElement i) ? i : EmptyObject;
        return new FlowData(input.ValueKind == JsonValueKind.Object ? input : EmptyObject, Members(data, Steps), Members(data, Events), data);
    }

    /// <summary>Returns the data with <c>data[section][key] = value</c> (an undefined value is written as null).</summary>
    /// <exception cref="ArgumentException"><paramref name="section"/> is neither <see cref="Steps"/> nor <see cref="Events"/>.</exception>
    public FlowData With(string section, string key, JsonElement value)
    {
        JsonElement stored = value.ValueKind == JsonValueKind.Undefined ? Null : value;
        return section switch
        {
            Steps => new FlowData(_input, Put(_steps, key, stored), _events),
            Events => new FlowData(_input, _steps, Put(_events, key, stored)),
            _ => throw new ArgumentException($"'{section}' is not a section of flow data.", nameof(section)),
        };
    }

    public bool TryGetStepOutput(string step, out JsonElement output) => TryGet(_steps, step, out output);

    public bool TryGetEventPayload(string trigger, out JsonElement payload) => TryGet(_events, trigger, out payload);

    /// <summary>Writes the data object, as <see cref="Element"/> holds it, without building it.</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        if (_element.ValueKind != JsonValueKind.Undefined)
        {
            _element.WriteTo(writer);
            return;
        }

        writer.WriteStartObject();
        writer.WritePropertyName(Input);
        _input.WriteTo(writer);
        WriteSection(writer, Steps, _steps);
        WriteSection(writer, Events, _events);
        writer.WriteEndObject();
    }

    private static void WriteSection(Utf8JsonWriter writer, string name, KeyValuePair<string, JsonElement>[] members)
    {
        writer.WriteStartObject(name);
        foreach (KeyValuePair<string, JsonElement> member in members)
        {
            writer.WritePropertyName(member.Key);
            member.Value.WriteTo(writer);
        }

        writer.WriteEndObject();
    }

    private static KeyValuePair<string, JsonElement>[] Members(JsonElement data, string section)
    {
        if (!data.TryGetProperty(section, out JsonElement members))
        {
            return [];
        }

        if (members.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"the '{section}' of flow data must be a JSON object, not {members.ValueKind}.");
        }

        // Duplicate names cannot come from this class; the last one wins, as a property lookup on the object reads it.
        var read = new List<KeyValuePair<string, JsonElement>>();
        foreach (JsonProperty member in members.EnumerateObject())
        {
            read.RemoveAll(m => m.Key == member.Name);
            read.Add(new KeyValuePair<string, JsonElement>(member.Name, member.Value));
        }

        return [.. read];
    }

    private static KeyValuePair<string, JsonElement>[] Put(KeyValuePair<string, JsonElement>[] members, string key, JsonElement value)
    {
        int existing = Array.FindIndex(members, m => string.Equals(m.Key, key, StringComparison.Ordinal));
        var put = new KeyValuePair<string, JsonElement>[existing < 0 ? members.Length + 1 : members.Length];
        if (existing < 0)
        {
            members.CopyTo(put, 0);
        }
        else
        {
            Array.Copy(members, 0, put, 0, existing);
            Array.Copy(members, existing + 1, put, existing, members.Length - existing - 1);
        }

        put[^1] = new KeyValuePair<string, JsonElement>(key, value);
        return put;
    }

    private static bool TryGet(KeyValuePair<string, JsonElement>[] members, string key, out JsonElement value)
    {
        foreach (KeyValuePair<string, JsonElement> member in members)
        {
            if (string.Equals(member.Key, key, StringComparison.Ordinal))
            {
                value = member.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    private JsonElement Build()
    {
        // One buffer and writer per thread, reused: only the element's own document is allocated.
        ArrayBufferWriter<byte> buffer = t_buffer ??= new ArrayBufferWriter<byte>(512);
        buffer.ResetWrittenCount();
        Utf8JsonWriter writer = t_writer ??= new Utf8JsonWriter(buffer);
        writer.Reset(buffer);
        WriteTo(writer);
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
