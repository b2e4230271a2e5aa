using System.Globalization;
using System.Text.Json;

namespace OperatorOs.Connectors.Billing.Internal;

/// <summary>Reads and checks the members of an arguments object, reporting problems as <see cref="ConnectorArgumentException"/>.</summary>
internal static class ArgumentReader
{
    /// <summary>The longest identifier or text member accepted.</summary>
    public const int MaxTextLength = 1000;

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

    /// <summary>Returns a required, non-blank string member.</summary>
    public static string RequireString(string capability, JsonElement arguments, string name)
    {
        string? value = OptionalString(capability, arguments, name);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ConnectorArgumentException(capability, JsonPathOf(name), "the argument is required and must be a non-blank string");
        }

        return value;
    }

    /// <summary>Returns an optional string member; absent and <see langword="null"/> both mean "not given".</summary>
    public static string? OptionalString(string capability, JsonElement arguments, string name)
    {
        if (!arguments.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw new ConnectorArgumentException(capability, JsonPathOf(name), $"the argument must be a string, not {value.ValueKind}");
        }

        string text;
        try
        {
            text = value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw new ConnectorArgumentException(capability, JsonPathOf(name), "the string is not valid Unicode (it contains an unpaired surrogate)");
        }

        if (text.Length > MaxTextLength)
        {
            throw new ConnectorArgumentException(capability, JsonPathOf(name), $"the string is longer than {MaxTextLength} characters");
        }

        return text;
    }

    /// <summary>Returns a required identifier: 1 to 100 printable ASCII characters without spaces.</summary>
    public static string RequireIdentifier(string capability, JsonElement arguments, string name) =>
        CheckIdentifier(capability, name, RequireString(capability, arguments, name));

    /// <summary>Checks an identifier: 1 to 100 printable ASCII characters without spaces.</summary>
    public static string CheckIdentifier(string capability, string name, string value)
    {
        if (value.Length is 0 or > 100 || value.Any(c => c is <= ' ' or > '~'))
        {
            throw new ConnectorArgumentException(capability, JsonPathOf(name), "an identifier has 1 to 100 printable ASCII characters without spaces");
        }

        return value;
    }

    /// <summary>Returns a required ISO 4217 currency code.</summary>
    public static string RequireCurrency(string capability, JsonElement arguments, string name)
    {
        string code = RequireString(capability, arguments, name);
        if (!Money.IsCurrencyCode(code))
        {
            throw new ConnectorArgumentException(capability, JsonPathOf(name), $"'{code}' is not an ISO 4217 currency code (three upper-case letters, for example EUR)");
        }

        return code;
    }

    /// <summary>Returns a required invoice number of the form <c>yyyy-nnnnnn</c>.</summary>
    public static string RequireInvoiceNumber(string capability, JsonElement arguments, string name) =>
        CheckInvoiceNumber(capability, name, RequireString(capability, arguments, name));

    /// <summary>Checks an invoice number of the form <c>yyyy-nnnnnn</c>.</summary>
    public static string CheckInvoiceNumber(string capability, string name, string value)
    {
        bool valid = value.Length is >= 11 and <= 20 && value[4] == '-'
            && value.AsSpan(0, 4).ContainsAnyExceptInRange('0', '9') is false
            && value.AsSpan(5).ContainsAnyExceptInRange('0', '9') is false;
        if (!valid)
        {
            throw new ConnectorArgumentException(capability, JsonPathOf(name), $"'{value}' is not an invoice number (yyyy-nnnnnn, for example 2026-000001)");
        }

        return value;
    }

    /// <summary>Returns a required positive amount, as a JSON number or a decimal string, in minor units.</summary>
    public static long RequireAmount(string capability, JsonElement arguments, string name)
    {
        if (!arguments.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            throw new ConnectorArgumentException(capability, JsonPathOf(name), "the amount is required, as a number or a decimal string such as \"12.50\"");
        }

        decimal amount;
        if (value.ValueKind == JsonValueKind.Number)
        {
            if (!value.TryGetDecimal(out amount))
            {
                throw new ConnectorArgumentException(capability, JsonPathOf(name), "the number is not a representable decimal amount");
            }
        }
        else if (value.ValueKind == JsonValueKind.String)
        {
            if (!decimal.TryParse(value.GetString(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out amount))
            {
                throw new ConnectorArgumentException(capability, JsonPathOf(name), "the string is not a decimal amount such as \"12.50\"");
            }
        }
        else
        {
            throw new ConnectorArgumentException(capability, JsonPathOf(name), $"the amount must be a number or a decimal string, not {value.ValueKind}");
        }

        string? problem = Money.TryToMinor(amount, out long minor);
        if (problem is not null)
        {
            throw new ConnectorArgumentException(capability, JsonPathOf(name), problem);
        }

        return minor;
    }

    /// <summary>Returns the JSON path of a top-level member.</summary>
    public static string JsonPathOf(string name) => "$." + name;
}
