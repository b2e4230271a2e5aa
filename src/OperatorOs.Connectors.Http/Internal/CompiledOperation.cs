using System.Text;
using System.Text.Json;
using OperatorOs.Shared;

namespace OperatorOs.Connectors.Http.Internal;

/// <summary>An <see cref="HttpOperation"/> checked and prepared: its descriptor, method, template and argument rules.</summary>
internal sealed class CompiledOperation
{
    private readonly Uri? _baseAddress;
    private readonly string[] _query;
    private readonly string[] _required;
    private readonly HashSet<string> _allowed;

    /// <summary>Initializes a new instance of the <see cref="CompiledOperation"/> class from options that passed validation.</summary>
    public CompiledOperation(HttpOperation operation, Uri? baseAddress)
    {
        _baseAddress = baseAddress;
        Method = new HttpMethod(operation.Method.ToUpperInvariant());
        Template = UrlTemplate.TryParse(operation.UrlTemplate!, out _)!;
        _query = [.. operation.QueryArguments];
        BodyArgument = string.IsNullOrEmpty(operation.BodyArgument) ? null : operation.BodyArgument;
        _allowed = new HashSet<string>(Template.Placeholders.Concat(_query), StringComparer.Ordinal);
        if (BodyArgument is not null)
        {
            _ = _allowed.Add(BodyArgument);
        }

        JsonElement schema = operation.ArgumentsSchema ?? GenerateSchema();
        _required = [.. RequiredOf(schema).Concat(Template.Placeholders).Concat(BodyArgument is null ? [] : [BodyArgument]).Distinct(StringComparer.Ordinal)];
        string description = string.IsNullOrWhiteSpace(operation.Description)
            ? $"Calls {Method.Method} {operation.UrlTemplate}."
            : operation.Description;
        Descriptor = new CapabilityDescriptor(operation.Name!, description, operation.RiskTier, schema);
    }

    /// <summary>Gets the capability descriptor.</summary>
    public CapabilityDescriptor Descriptor { get; }

    /// <summary>Gets the HTTP method.</summary>
    public HttpMethod Method { get; }

    /// <summary>Gets the URL template.</summary>
    public UrlTemplate Template { get; }

    /// <summary>Gets the name of the body argument, if any.</summary>
    public string? BodyArgument { get; }

    /// <summary>Gets a value indicating whether repeating the method has the effect of sending it once (RFC 9110 section 9.2.2).</summary>
    public bool IsIdempotentMethod => Method.Method is "GET" or "HEAD" or "PUT" or "DELETE" or "OPTIONS" or "TRACE";

    /// <summary>Checks the arguments and builds the request; does no I/O.</summary>
    /// <exception cref="ConnectorArgumentException">An argument is missing, unknown, duplicated or of the wrong type.</exception>
    public PreparedRequest Prepare(JsonElement arguments)
    {
        string capability = Descriptor.Name;
        if (arguments.ValueKind != JsonValueKind.Object)
        {
            throw new ConnectorArgumentException(capability, "$", $"the arguments must be a JSON object, not {arguments.ValueKind}");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (JsonProperty property in arguments.EnumerateObject())
        {
            if (!_allowed.Contains(property.Name))
            {
                string expected = _allowed.Count == 0 ? "the operation takes no arguments" : "expected " + string.Join(", ", _allowed.Order(StringComparer.Ordinal));
                throw new ConnectorArgumentException(capability, PathOf(property.Name), $"'{property.Name}' is not an argument of {capability}; {expected}");
            }

            if (!seen.Add(property.Name))
            {
                throw new ConnectorArgumentException(capability, PathOf(property.Name), "the argument appears more than once");
            }
        }

        foreach (string name in _required)
        {
            if (!arguments.TryGetProperty(name, out JsonElement value) || (value.ValueKind == JsonValueKind.Null && name != BodyArgument))
            {
                throw new ConnectorArgumentException(capability, PathOf(name), "the argument is required");
            }
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string name in Template.Placeholders)
        {
            values[name] = Scalar(capability, name, arguments.GetProperty(name));
            if (values[name].Length == 0)
            {
                throw new ConnectorArgumentException(capability, PathOf(name), "the argument fills a URL path segment and must not be empty");
            }
        }

        var url = new StringBuilder(Template.Expand(values));
        bool hasQuery = url.ToString().Contains('?', StringComparison.Ordinal);
        foreach (string name in _query)
        {
            if (!arguments.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            IEnumerable<JsonElement> items = value.ValueKind == JsonValueKind.Array ? value.EnumerateArray() : [value];
            foreach (JsonElement item in items)
            {
                _ = url.Append(hasQuery ? '&' : '?').Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(Scalar(capability, name, item)));
                hasQuery = true;
            }
        }

        byte[]? body = null;
        if (BodyArgument is not null)
        {
            JsonElement value = arguments.GetProperty(BodyArgument);
            body = JsonOutput.BuildBytes(value.WriteTo);
        }

        return new PreparedRequest(this, Resolve(_baseAddress, url.ToString()) ?? throw new ConnectorArgumentException(capability, "$", "the arguments do not form a valid absolute URL"), body);
    }

    /// <summary>Resolves a relative URL under the base address (appending to its path), or parses an absolute one.</summary>
    public static Uri? Resolve(Uri? baseAddress, string url)
    {
        if (Uri.TryCreate(url, UriKind.Absolute, out Uri? absolute) && absolute.Scheme is "http" or "https")
        {
            return absolute;
        }

        if (baseAddress is null || url.StartsWith("//", StringComparison.Ordinal))
        {
            return null;
        }

        string root = baseAddress.GetLeftPart(UriPartial.Path).TrimEnd('/');
        return Uri.TryCreate(root + "/" + url.TrimStart('/'), UriKind.Absolute, out Uri? combined) ? combined : null;
    }

    private static string PathOf(string name) => "$." + name;

    private static string Scalar(string capability, string name, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                try
                {
                    return value.GetString()!;
                }
                catch (InvalidOperationException)
                {
                    throw new ConnectorArgumentException(capability, PathOf(name), "the string is not valid Unicode (it contains an unpaired surrogate)");
                }

            case JsonValueKind.Number:
                return value.GetRawText();
            case JsonValueKind.True:
                return "true";
            case JsonValueKind.False:
                return "false";
            default:
                throw new ConnectorArgumentException(capability, PathOf(name), $"the argument must be a string, number or boolean, not {value.ValueKind}");
        }
    }

    private static IEnumerable<string> RequiredOf(JsonElement schema)
    {
        if (schema.ValueKind == JsonValueKind.Object
            && schema.TryGetProperty("required", out JsonElement required)
            && required.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement item in required.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.String)
                {
                    yield return item.GetString()!;
                }
            }
        }
    }

    private JsonElement GenerateSchema() => JsonOutput.Build(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("type", "object");
        writer.WriteStartObject("properties");
        foreach (string name in Template.Placeholders)
        {
            writer.WriteStartObject(name);
            WriteScalarType(writer);
            writer.WriteString("description", $"Fills {{{name}}} in the URL path.");
            writer.WriteEndObject();
        }

        foreach (string name in _query)
        {
            writer.WriteStartObject(name);
            writer.WriteStartArray("type");
            writer.WriteStringValue("string");
            writer.WriteStringValue("number");
            writer.WriteStringValue("boolean");
            writer.WriteStringValue("array");
            writer.WriteStringValue("null");
            writer.WriteEndArray();
            writer.WriteString("description", $"Optional; sent as the query parameter '{name}'.");
            writer.WriteEndObject();
        }

        if (BodyArgument is not null)
        {
            writer.WriteStartObject(BodyArgument);
            writer.WriteString("description", "The JSON request body.");
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteStartArray("required");
        foreach (string name in Template.Placeholders)
        {
            writer.WriteStringValue(name);
        }

        if (BodyArgument is not null)
        {
            writer.WriteStringValue(BodyArgument);
        }

        writer.WriteEndArray();
        writer.WriteBoolean("additionalProperties", false);
        writer.WriteEndObject();
    });

    private static void WriteScalarType(Utf8JsonWriter writer)
    {
        writer.WriteStartArray("type");
        writer.WriteStringValue("string");
        writer.WriteStringValue("number");
        writer.WriteStringValue("boolean");
        writer.WriteEndArray();
    }
}
