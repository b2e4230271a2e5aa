using System.Text;
using System.Text.Json;

namespace OperatorOs.Connectors.Files.Internal;

/// <summary>Reads and checks the members of an arguments object, reporting problems as <see cref="ConnectorArgumentException"/>.</summary>
internal static class ArgumentReader
{
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Rejects members other than <paramref name="allowed"/>, and members that appear twice.</summary>
    public static void RejectUnknownMembers(string capability, JsonElement arguments, params ReadOnlySpan<string> allowed)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (JsonProperty property in arguments.EnumerateObject())
        {
            if (!allowed.Contains(property.Name))
            {
                throw new ConnectorArgumentException(capability, JsonPathOf(property.Name), $"'{property.Name}' is not an argument of {capability}; expected {string.Join(", ", allowed.ToArray())}");
            }

            if (!seen.Add(property.Name))
            {
                throw new ConnectorArgumentException(capability, JsonPathOf(property.Name), "the argument appears more than once");
            }
        }
    }

    /// <summary>Returns a required string member.</summary>
    public static string RequireString(string capability, JsonElement arguments, string name) =>
        OptionalString(capability, arguments, name)
        ?? throw new ConnectorArgumentException(capability, JsonPathOf(name), "the argument is required and must be a string");

    /// <summary>Returns an optional string member; absent and <see langword="null"/> both mean "not given".</summary>
    public static string? OptionalString(string capability, JsonElement arguments, string name)
    {
        if (!arguments.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw new ConnectorArgumentException(capability, JsonPathOf(name), $"the argument must be a string, not {Describe(value.ValueKind)}");
        }

        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw new ConnectorArgumentException(capability, JsonPathOf(name), "the string is not valid Unicode (it contains an unpaired surrogate)");
        }
    }

    /// <summary>Returns an optional version member, checking its form.</summary>
    public static string? OptionalVersion(string capability, JsonElement arguments, string name)
    {
        string? version = OptionalString(capability, arguments, name);
        if (version is not null && !ContentHash.IsValid(version))
        {
            throw new ConnectorArgumentException(capability, JsonPathOf(name), $"a version is the lower-case hex SHA-256 of the content ({ContentHash.Length} characters of 0-9 and a-f)");
        }

        return version;
    }

    /// <summary>Encodes a text member as UTF-8, enforcing the size limit.</summary>
    public static byte[] RequireUtf8Content(string capability, JsonElement arguments, string name, int maxBytes)
    {
        string content = RequireString(capability, arguments, name);
        int count;
        try
        {
            count = s_strictUtf8.GetByteCount(content);
        }
        catch (EncoderFallbackException)
        {
            throw new ConnectorArgumentException(capability, JsonPathOf(name), "the text is not valid Unicode (it contains an unpaired surrogate)");
        }

        if (count > maxBytes)
        {
            throw new ConnectorArgumentException(capability, JsonPathOf(name), $"the content is {count} bytes of UTF-8, more than the limit of {maxBytes} bytes");
        }

        return s_strictUtf8.GetBytes(content);
    }

    /// <summary>Returns the JSON path of a top-level member.</summary>
    public static string JsonPathOf(string name) => "$." + name;

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        _ => kind.ToString(),
    };
}
