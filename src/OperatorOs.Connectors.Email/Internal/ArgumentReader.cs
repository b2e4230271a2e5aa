using System.Globalization;
using System.Text.Json;
using MimeKit;

namespace OperatorOs.Connectors.Email.Internal;

/// <summary>Reads and checks the members of an arguments object, reporting problems as <see cref="ConnectorArgumentException"/>.</summary>
internal static class ArgumentReader
{
    /// <summary>Rejects members other than <paramref name="allowed"/>, and members that appear twice.</summary>
    public static void RejectUnknownMembers(string capability, JsonElement arguments, params ReadOnlySpan<string> allowed)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (JsonProperty property in arguments.EnumerateObject())
        {
            if (!allowed.Contains(property.Name))
            {
                throw new ConnectorArgumentException(capability, PathOf(property.Name), $"'{property.Name}' is not an argument of {capability}; expected {string.Join(", ", allowed.ToArray())}");
            }

            if (!seen.Add(property.Name))
            {
                throw new ConnectorArgumentException(capability, PathOf(property.Name), "the argument appears more than once");
            }
        }
    }

    /// <summary>Returns a required string that is not blank and at most <paramref name="maxLength"/> characters long.</summary>
    public static string RequireString(string capability, JsonElement arguments, string name, int maxLength) =>
        OptionalString(capability, arguments, name, maxLength) is { } value && !string.IsNullOrWhiteSpace(value)
            ? value
            : throw new ConnectorArgumentException(capability, PathOf(name), "the argument is required and must be a non-blank string");

    /// <summary>Returns an optional string of at most <paramref name="maxLength"/> characters; absent and <see langword="null"/> both mean "not given".</summary>
    public static string? OptionalString(string capability, JsonElement arguments, string name, int maxLength)
    {
        if (!arguments.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        string text = ReadString(capability, PathOf(name), value);
        if (text.Length > maxLength)
        {
            throw new ConnectorArgumentException(capability, PathOf(name), $"the string has {text.Length} characters; at most {maxLength} are allowed");
        }

        return text;
    }

    /// <summary>Returns a one-line text, such as a subject: no line breaks or other control characters except tabs.</summary>
    public static string RequireLine(string capability, JsonElement arguments, string name, int maxLength)
    {
        string value = RequireString(capability, arguments, name, maxLength);
        if (value.Any(c => char.IsControl(c) && c != '\t'))
        {
            throw new ConnectorArgumentException(capability, PathOf(name), "the text must be one line, without line breaks or other control characters");
        }

        return value;
    }

    /// <summary>Returns a list of addresses given as an array of strings or as one string; each is parsed strictly by MimeKit.</summary>
    /// <param name="capability">The capability.</param>
    /// <param name="arguments">The arguments object.</param>
    /// <param name="name">The member.</param>
    /// <param name="required">Whether at least one address is required.</param>
    /// <param name="budget">How many more recipients the message may have; reduced by the count read.</param>
    public static IReadOnlyList<MailboxAddress> AddressList(string capability, JsonElement arguments, string name, bool required, ref int budget)
    {
        string path = PathOf(name);
        if (!arguments.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return required
                ? throw new ConnectorArgumentException(capability, path, "at least one recipient address is required")
                : [];
        }

        var addresses = new List<MailboxAddress>();
        if (value.ValueKind == JsonValueKind.String)
        {
            addresses.Add(Address(capability, path, value));
        }
        else if (value.ValueKind == JsonValueKind.Array)
        {
            int index = 0;
            foreach (JsonElement item in value.EnumerateArray())
            {
                addresses.Add(Address(capability, string.Create(CultureInfo.InvariantCulture, $"{path}[{index}]"), item));
                index++;
            }
        }
        else
        {
            throw new ConnectorArgumentException(capability, path, $"the addresses must be an array of strings or one string, not {value.ValueKind}");
        }

        if (required && addresses.Count == 0)
        {
            throw new ConnectorArgumentException(capability, path, "at least one recipient address is required");
        }

        budget -= addresses.Count;
        if (budget < 0)
        {
            throw new ConnectorArgumentException(capability, path, "the message has more recipients (to, cc and bcc together) than the connector's MaxRecipients allows");
        }

        return addresses;
    }

    /// <summary>Returns an optional single address.</summary>
    public static MailboxAddress? OptionalAddress(string capability, JsonElement arguments, string name) =>
        arguments.TryGetProperty(name, out JsonElement value) && value.ValueKind != JsonValueKind.Null
            ? Address(capability, PathOf(name), value)
            : null;

    /// <summary>Returns an optional Message-ID in its bare form.</summary>
    public static string? OptionalMessageId(string capability, JsonElement arguments, string name) =>
        arguments.TryGetProperty(name, out JsonElement value) && value.ValueKind != JsonValueKind.Null
            ? MessageId(capability, PathOf(name), value)
            : null;

    /// <summary>Returns an optional array of Message-IDs in their bare form.</summary>
    public static IReadOnlyList<string> MessageIdList(string capability, JsonElement arguments, string name, int maxCount)
    {
        string path = PathOf(name);
        if (!arguments.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw new ConnectorArgumentException(capability, path, $"the argument must be an array of Message-IDs, not {value.ValueKind}");
        }

        if (value.GetArrayLength() > maxCount)
        {
            throw new ConnectorArgumentException(capability, path, $"at most {maxCount} Message-IDs are allowed");
        }

        return [.. value.EnumerateArray().Select((item, index) => MessageId(capability, string.Create(CultureInfo.InvariantCulture, $"{path}[{index}]"), item))];
    }

    /// <summary>Returns an optional integer between <paramref name="min"/> and <paramref name="max"/>.</summary>
    public static long? OptionalInteger(string capability, JsonElement arguments, string name, long min, long max)
    {
        if (!arguments.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out long number))
        {
            throw new ConnectorArgumentException(capability, PathOf(name), $"the argument must be a whole number, not {value.ValueKind}");
        }

        if (number < min || number > max)
        {
            throw new ConnectorArgumentException(capability, PathOf(name), $"the number must be between {min} and {max}; it is {number}");
        }

        return number;
    }

    /// <summary>Returns the JSON path of a top-level member.</summary>
    public static string PathOf(string name) => "$." + name;

    private static MailboxAddress Address(string capability, string path, JsonElement value)
    {
        string text = ReadString(capability, path, value);
        return AddressParsing.TryParseMailbox(text, out MailboxAddress? mailbox) is { } problem
            ? throw new ConnectorArgumentException(capability, path, problem)
            : mailbox!;
    }

    private static string MessageId(string capability, string path, JsonElement value)
    {
        string text = ReadString(capability, path, value);
        return MessageIds.IsValid(text)
            ? MessageIds.Normalize(text)!
            : throw new ConnectorArgumentException(capability, path, $"'{text}' is not a Message-ID such as <abc123@example.com>");
    }

    private static string ReadString(string capability, string path, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            throw new ConnectorArgumentException(capability, path, $"the argument must be a string, not {value.ValueKind}");
        }

        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw new ConnectorArgumentException(capability, path, "the string is not valid Unicode (it contains an unpaired surrogate)");
        }
    }
}
