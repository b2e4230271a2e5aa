using System.Text.Json;

namespace OperatorOs;

/// <summary>Maps the JSON path of every property and array element in a document to its line and column.</summary>
/// <remarks>
/// <see cref="JsonDocument"/> keeps no positions, so a second pass with <see cref="Utf8JsonReader"/> records each token's byte
/// offset by path; offsets become lines and columns through the table of line starts. The pass also finds duplicate properties,
/// which <see cref="JsonDocument"/> accepts silently.
/// </remarks>
internal sealed class JsonPositionMap
{
    private readonly Dictionary<string, long> _offsets = new(StringComparer.Ordinal);
    private readonly List<long> _lineStarts = [0];

    public JsonPositionMap(ReadOnlySpan<byte> utf8, JsonReaderOptions options)
    {
        for (int i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] == (byte)'\n')
            {
                _lineStarts.Add(i + 1);
            }
        }

        var reader = new Utf8JsonReader(utf8, options);
        var frames = new Stack<Frame>();
        string? pending = null;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    Frame frame = frames.Peek();
                    string? name = TryGetString(ref reader);
                    if (name is null)
                    {
                        return;
                    }

                    string path = JsonPaths.Property(frame.Path, name);
                    if (!frame.Names!.Add(name))
                    {
                        Duplicates.Add((path, reader.TokenStartIndex));
                    }
                    else
                    {
                        _offsets[path] = reader.TokenStartIndex;
                    }

                    pending = path;
                    break;

                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    _ = frames.Pop();
                    break;

                default:
                    string valuePath;
                    if (frames.Count == 0)
                    {
                        valuePath = JsonPaths.Root;
                        _offsets[valuePath] = reader.TokenStartIndex;
                    }
                    else if (frames.Peek() is { Names: null } array)
                    {
                        valuePath = JsonPaths.Index(array.Path, array.Count++);
                        _offsets[valuePath] = reader.TokenStartIndex;
                    }
                    else
                    {
                        valuePath = pending ?? JsonPaths.Root;
                    }

                    pending = null;
                    if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        frames.Push(new Frame(valuePath, new HashSet<string>(StringComparer.Ordinal)));
                    }
                    else if (reader.TokenType == JsonTokenType.StartArray)
                    {
                        frames.Push(new Frame(valuePath, null));
                    }
                    else if (reader.TokenType == JsonTokenType.String && TryGetString(ref reader) is null)
                    {
                        return;
                    }

                    break;
            }
        }
    }

    /// <summary>Gets the properties that appear more than once in their object, with the offset of each repeat.</summary>
    public List<(string Path, long Offset)> Duplicates { get; } = [];

    /// <summary>Gets the first string the reader could not decode (an escaped lone surrogate), or <see langword="null"/>.</summary>
    public (long Offset, string Message)? UndecodableString { get; private set; }

    public (int Line, int Column) Position(string path) =>
        _offsets.TryGetValue(path, out long offset) ? Position(offset) : (1, 1);

    public (int Line, int Column) Position(long offset)
    {
        int index = _lineStarts.BinarySearch(offset);
        if (index < 0)
        {
            index = ~index - 1;
        }

        return (index + 1, (int)(offset - _lineStarts[index]) + 1);
    }

    private string? TryGetString(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString();
        }
        catch (InvalidOperationException ex)
        {
            UndecodableString = (reader.TokenStartIndex, ex.Message);
            return null;
        }
    }

    private sealed class Frame(string path, HashSet<string>? names)
    {
        public string Path { get; } = path;

        public HashSet<string>? Names { get; } = names;

        public int Count { get; set; }
    }
}
