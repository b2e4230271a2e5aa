using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OperatorOs;

/// <summary>The two optional arguments every tool declared to a model carries so it can say how sure it is and why; they are taken off before the proposal.</summary>
internal static class SelfReport
{
    public const string Confidence = "_confidence";
    public const string Rationale = "_rationale";

    public static JsonElement Extend(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object || JsonNode.Parse(schema.GetRawText()) is not JsonObject root)
        {
            return schema;
        }

        if (root["properties"] is not JsonObject properties)
        {
            properties = [];
            root["properties"] = properties;
        }

        properties[Confidence] = new JsonObject
        {
            ["type"] = "number",
            ["minimum"] = 0,
            ["maximum"] = 1,
            ["description"] = "How sure you are, from 0 to 1, that this call is right. Optional.",
        };
        properties[Rationale] = new JsonObject
        {
            ["type"] = "string",
            ["description"] = "Why you make this call, in a sentence, for the operator. Optional.",
        };
        using JsonDocument document = JsonDocument.Parse(root.ToJsonString());
        return document.RootElement.Clone();
    }

    /// <summary>Takes the self-report off a model's arguments; a missing or unreadable confidence is <see langword="null"/>: the role says what it counts as.</summary>
    public static (IDictionary<string, object?>? Arguments, double? Confidence, string? Rationale) Take(IDictionary<string, object?>? arguments)
    {
        if (arguments is null || (!arguments.ContainsKey(Confidence) && !arguments.ContainsKey(Rationale)))
        {
            return (arguments, null, null);
        }

        var rest = new Dictionary<string, object?>(arguments.Count, StringComparer.Ordinal);
        double? confidence = null;
        string? rationale = null;
        foreach (KeyValuePair<string, object?> argument in arguments)
        {
            if (argument.Key == Confidence)
            {
                confidence = ReadNumber(argument.Value) is { } number ? Math.Clamp(number, 0, 1) : null;
            }
            else if (argument.Key == Rationale)
            {
                rationale = argument.Value is JsonElement { ValueKind: JsonValueKind.String } text ? text.GetString() : argument.Value?.ToString();
            }
            else
            {
                rest[argument.Key] = argument.Value;
            }
        }

        return (rest, confidence, rationale);
    }

    private static double? ReadNumber(object? value) => value switch
    {
        JsonElement { ValueKind: JsonValueKind.Number } number => number.GetDouble(),
        JsonElement { ValueKind: JsonValueKind.String } text when double.TryParse(text.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed) => parsed,
        double number => number,
        float number => number,
        int number => number,
        long number => number,
        decimal number => (double)number,
        string text when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed) => parsed,
        _ => null,
    };
}
