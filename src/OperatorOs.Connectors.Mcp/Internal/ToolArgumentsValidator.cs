using System.Globalization;
using System.Text.Json;

namespace OperatorOs.Connectors.Mcp.Internal;

/// <summary>Checks a tool's arguments against the tool's JSON input schema before any call, reporting the first problem as a
/// <see cref="ConnectorArgumentException"/> that names the argument's JSON path.</summary>
/// <remarks>Checked keywords: <c>type</c> (including type lists and <c>integer</c>), <c>required</c>, <c>properties</c>,
/// <c>additionalProperties</c> (<see langword="false"/> or a schema), <c>items</c>, <c>enum</c>, <c>const</c>,
/// <c>minLength</c>/<c>maxLength</c>, <c>minItems</c>/<c>maxItems</c> and <c>minimum</c>/<c>maximum</c>. Other keywords
/// (<c>$ref</c>, <c>anyOf</c>, <c>pattern</c>, <c>format</c>, ...) are left to the server.</remarks>
internal static class ToolArgumentsValidator
{
    /// <summary>Throws <see cref="ConnectorArgumentException"/> when <paramref name="value"/> does not match <paramref name="schema"/>.</summary>
    public static void Validate(string capability, JsonElement schema, JsonElement value, string path)
    {
        if (schema.ValueKind == JsonValueKind.False)
        {
            throw new ConnectorArgumentException(capability, path, "the schema allows no value here");
        }

        if (schema.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        if (schema.TryGetProperty("type", out JsonElement type))
        {
            CheckType(capability, type, value, path);
        }

        if (schema.TryGetProperty("enum", out JsonElement allowed) && allowed.ValueKind == JsonValueKind.Array
            && !allowed.EnumerateArray().Any(option => JsonElement.DeepEquals(option, value)))
        {
            throw new ConnectorArgumentException(capability, path, $"the value must be one of {allowed.GetRawText()}");
        }

        if (schema.TryGetProperty("const", out JsonElement constant) && !JsonElement.DeepEquals(constant, value))
        {
            throw new ConnectorArgumentException(capability, path, $"the value must be {constant.GetRawText()}");
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                ValidateObject(capability, schema, value, path);
                break;
            case JsonValueKind.Array:
                ValidateArray(capability, schema, value, path);
                break;
            case JsonValueKind.String:
                int length = value.GetString()!.Length;
                CheckBound(capability, schema, "minLength", length, path, static (actual, bound) => actual >= bound, "the string must have at least {0} characters");
                CheckBound(capability, schema, "maxLength", length, path, static (actual, bound) => actual <= bound, "the string must have at most {0} characters");
                break;
            case JsonValueKind.Number:
                double number = value.GetDouble();
                CheckBound(capability, schema, "minimum", number, path, static (actual, bound) => actual >= bound, "the number must be at least {0}");
                CheckBound(capability, schema, "maximum", number, path, static (actual, bound) => actual <= bound, "the number must be at most {0}");
                break;
        }
    }

    private static void ValidateObject(string capability, JsonElement schema, JsonElement value, string path)
    {
        if (schema.TryGetProperty("required", out JsonElement required) && required.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement name in required.EnumerateArray())
            {
                if (name.ValueKind == JsonValueKind.String && !value.TryGetProperty(name.GetString()!, out _))
                {
                    throw new ConnectorArgumentException(capability, Member(path, name.GetString()!), "the argument is required");
                }
            }
        }

        bool hasProperties = schema.TryGetProperty("properties", out JsonElement properties) && properties.ValueKind == JsonValueKind.Object;
        bool hasAdditional = schema.TryGetProperty("additionalProperties", out JsonElement additional);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (JsonProperty member in value.EnumerateObject())
        {
            string memberPath = Member(path, member.Name);
            if (!seen.Add(member.Name))
            {
                throw new ConnectorArgumentException(capability, memberPath, "the argument appears more than once");
            }

            if (hasProperties && properties.TryGetProperty(member.Name, out JsonElement memberSchema))
            {
                Validate(capability, memberSchema, member.Value, memberPath);
            }
            else if (hasAdditional)
            {
                if (additional.ValueKind == JsonValueKind.False)
                {
                    string known = hasProperties ? string.Join(", ", properties.EnumerateObject().Select(p => p.Name)) : "none";
                    throw new ConnectorArgumentException(capability, memberPath, $"'{member.Name}' is not an argument of this tool; expected {known}");
                }

                Validate(capability, additional, member.Value, memberPath);
            }
        }
    }

    private static void ValidateArray(string capability, JsonElement schema, JsonElement value, string path)
    {
        int count = value.GetArrayLength();
        CheckBound(capability, schema, "minItems", count, path, static (actual, bound) => actual >= bound, "the array must have at least {0} items");
        CheckBound(capability, schema, "maxItems", count, path, static (actual, bound) => actual <= bound, "the array must have at most {0} items");
        if (schema.TryGetProperty("items", out JsonElement items) && items.ValueKind is JsonValueKind.Object or JsonValueKind.False)
        {
            int index = 0;
            foreach (JsonElement item in value.EnumerateArray())
            {
                Validate(capability, items, item, string.Create(CultureInfo.InvariantCulture, $"{path}[{index}]"));
                index++;
            }
        }
    }

    private static void CheckType(string capability, JsonElement type, JsonElement value, string path)
    {
        if (type.ValueKind == JsonValueKind.String)
        {
            if (!IsOfType(type.GetString()!, value))
            {
                throw new ConnectorArgumentException(capability, path, $"the value must be of type {type.GetString()}, not {Describe(value)}");
            }
        }
        else if (type.ValueKind == JsonValueKind.Array)
        {
            if (!type.EnumerateArray().Any(t => t.ValueKind == JsonValueKind.String && IsOfType(t.GetString()!, value)))
            {
                throw new ConnectorArgumentException(capability, path, $"the value must be one of the types {type.GetRawText()}, not {Describe(value)}");
            }
        }
    }

    private static bool IsOfType(string type, JsonElement value) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out decimal d) && d == decimal.Truncate(d),
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => value.ValueKind == JsonValueKind.Null,
        _ => true,
    };

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Number => "number",
        _ => value.ValueKind.ToString().ToLowerInvariant(),
    };

    private static void CheckBound(string capability, JsonElement schema, string keyword, double actual, string path, Func<double, double, bool> holds, string problem)
    {
        if (schema.TryGetProperty(keyword, out JsonElement bound) && bound.ValueKind == JsonValueKind.Number && !holds(actual, bound.GetDouble()))
        {
            throw new ConnectorArgumentException(capability, path, string.Format(CultureInfo.InvariantCulture, problem, bound.GetRawText()));
        }
    }

    /// <summary>Returns the JSON path of a member: <c>$.name</c>, or <c>$['odd name']</c> when the name is not a plain identifier.</summary>
    public static string Member(string path, string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')
            ? $"{path}.{name}"
            : $"{path}['{name.Replace("'", "\\'", StringComparison.Ordinal)}']";
}
