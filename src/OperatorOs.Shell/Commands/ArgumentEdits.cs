using System.Text.Json;

namespace OperatorOs.Shell;

/// <summary>Builds corrected arguments from <c>--args</c> (JSON text or @FILE) and <c>--set key=value</c> edits.</summary>
internal static class ArgumentEdits
{
    public static JsonElement Parse(string json)
    {
        string text = json.StartsWith('@') ? ReadFile(json[1..]) : json;
        JsonElement value;
        try
        {
            using JsonDocument document = JsonDocument.Parse(text);
            value = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new OposException(ExitCodes.Usage, $"--args is not valid JSON: {ex.Message}");
        }

        return value.ValueKind == JsonValueKind.Object
            ? value
            : throw new OposException(ExitCodes.Usage, $"--args must be a JSON object, not {value.ValueKind}.");
    }

    /// <summary>Replaces or adds top-level properties; a value that parses as JSON is taken as JSON, anything else as a string.</summary>
    public static JsonElement Apply(JsonElement arguments, IReadOnlyList<string> changes)
    {
        if (changes.Count == 0)
        {
            return arguments;
        }

        var edits = new List<(string Key, JsonElement Value)>(changes.Count);
        foreach (string change in changes)
        {
            int equals = change.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new OposException(ExitCodes.Usage, $"--set '{change}' is not key=value.");
            }

            edits.Add((change[..equals], ValueOf(change[(equals + 1)..])));
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (JsonProperty property in arguments.EnumerateObject())
            {
                if (!edits.Exists(edit => edit.Key == property.Name))
                {
                    property.WriteTo(writer);
                }
            }

            foreach ((string key, JsonElement value) in edits.GroupBy(e => e.Key, StringComparer.Ordinal).Select(g => g.Last()))
            {
                writer.WritePropertyName(key);
                value.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        using JsonDocument edited = JsonDocument.Parse(buffer.ToArray());
        return edited.RootElement.Clone();
    }

    private static JsonElement ValueOf(string text)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            using JsonDocument document = JsonDocument.Parse(JsonString(text));
            return document.RootElement.Clone();
        }
    }

    private static string JsonString(string text)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStringValue(text);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string ReadFile(string path) =>
        File.Exists(path) ? File.ReadAllText(path) : throw new OposException(ExitCodes.NotFound, $"arguments file '{Path.GetFullPath(path)}' does not exist.");
}
