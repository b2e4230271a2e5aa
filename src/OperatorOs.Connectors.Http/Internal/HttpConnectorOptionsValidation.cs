using System.Text.Json;

namespace OperatorOs.Connectors.Http.Internal;

/// <summary>Checks <see cref="HttpConnectorOptions"/>; shared by the connector's constructor and the DI registration.</summary>
/// <remarks>Messages name settings, never their secret values.</remarks>
internal static class HttpConnectorOptionsValidation
{
    private const string Prefix = nameof(HttpConnectorOptions) + ".";

    /// <summary>Returns the problems of the options; empty when they are valid.</summary>
    public static List<string> GetFailures(HttpConnectorOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Name))
        {
            failures.Add($"{Prefix}{nameof(options.Name)} is required.");
        }

        if (options.BaseAddress is { } baseAddress && (!baseAddress.IsAbsoluteUri || baseAddress.Scheme is not ("http" or "https")))
        {
            failures.Add($"{Prefix}{nameof(options.BaseAddress)} must be an absolute http or https URI.");
        }

        if (options.Timeout <= TimeSpan.Zero || options.Timeout > TimeSpan.FromDays(1))
        {
            failures.Add($"{Prefix}{nameof(options.Timeout)} must be positive and at most a day; it is {options.Timeout}.");
        }

        if (options.MaxRetryAttempts is < 0 or > HttpConnectorConstants.MaxRetryAttemptsLimit)
        {
            failures.Add($"{Prefix}{nameof(options.MaxRetryAttempts)} must be between 0 and {HttpConnectorConstants.MaxRetryAttemptsLimit}; it is {options.MaxRetryAttempts}.");
        }

        if (options.RetryDelay < TimeSpan.Zero || options.MaxRetryAfter < TimeSpan.Zero)
        {
            failures.Add($"{Prefix}{nameof(options.RetryDelay)} and {nameof(options.MaxRetryAfter)} must not be negative.");
        }

        if (options.MaxResponseBytes <= 0 || options.MaxTextBodyChars <= 0)
        {
            failures.Add($"{Prefix}{nameof(options.MaxResponseBytes)} and {nameof(options.MaxTextBodyChars)} must be positive.");
        }

        if (!IsHeaderName(options.ApiKeyHeaderName))
        {
            failures.Add($"{Prefix}{nameof(options.ApiKeyHeaderName)} is not a valid header name.");
        }

        if (!string.IsNullOrEmpty(options.IdempotencyKeyHeaderName) && !IsHeaderName(options.IdempotencyKeyHeaderName))
        {
            failures.Add($"{Prefix}{nameof(options.IdempotencyKeyHeaderName)} is not a valid header name.");
        }

        foreach (KeyValuePair<string, string> header in options.DefaultHeaders)
        {
            if (!IsHeaderName(header.Key) || header.Value is null || header.Value.Any(c => c is '\r' or '\n' or '\0'))
            {
                failures.Add($"{Prefix}{nameof(options.DefaultHeaders)} has an invalid header '{header.Key}'.");
            }
        }

        if (HasLineBreak(options.BearerToken) || HasLineBreak(options.ApiKey))
        {
            failures.Add($"{Prefix}{nameof(options.BearerToken)} and {nameof(options.ApiKey)} must not contain line breaks.");
        }

        if (options.Operations.Count == 0)
        {
            failures.Add($"{Prefix}{nameof(options.Operations)} is empty: declare at least one operation.");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < options.Operations.Count; i++)
        {
            HttpOperation? operation = options.Operations[i];
            string where = $"{Prefix}{nameof(options.Operations)}[{i}]";
            if (operation is null)
            {
                failures.Add($"{where} is null.");
                continue;
            }

            CheckOperation(operation, where, options.BaseAddress, failures);
            if (operation.Name is not null && !names.Add(operation.Name))
            {
                failures.Add($"{where}: the name '{operation.Name}' is used by another operation.");
            }
        }

        return failures;
    }

    private static void CheckOperation(HttpOperation operation, string where, Uri? baseAddress, List<string> failures)
    {
        if (!IntentName.IsValid(operation.Name))
        {
            failures.Add($"{where}: '{operation.Name}' is not a valid capability name ({IntentName.Rule}).");
        }

        if (!Enum.IsDefined(operation.RiskTier))
        {
            failures.Add($"{where}: {operation.RiskTier} is not a defined risk tier.");
        }

        if (string.IsNullOrEmpty(operation.Method) || !IsHeaderName(operation.Method))
        {
            failures.Add($"{where}: '{operation.Method}' is not an HTTP method.");
        }

        if (string.IsNullOrWhiteSpace(operation.UrlTemplate))
        {
            failures.Add($"{where}: a URL template is required.");
            return;
        }

        UrlTemplate? template = UrlTemplate.TryParse(operation.UrlTemplate, out string? problem);
        if (template is null)
        {
            failures.Add($"{where}: the URL template is malformed: {problem}.");
            return;
        }

        var sample = template.Placeholders.ToDictionary(p => p, _ => "x", StringComparer.Ordinal);
        if (CompiledOperation.Resolve(baseAddress, template.Expand(sample)) is null)
        {
            failures.Add($"{where}: the URL template '{operation.UrlTemplate}' is relative and no {nameof(HttpConnectorOptions.BaseAddress)} is set, or it is not an http(s) URL.");
        }

        var arguments = new HashSet<string>(template.Placeholders, StringComparer.Ordinal);
        foreach (string? name in operation.QueryArguments.Append(operation.BodyArgument).Where(n => !string.IsNullOrEmpty(n)))
        {
            if (!UrlTemplate.IsValidName(name!))
            {
                failures.Add($"{where}: '{name}' is not a valid argument name (letters, digits and '_', starting with a letter or '_').");
            }
            else if (!arguments.Add(name!))
            {
                failures.Add($"{where}: the argument '{name}' is used twice (placeholder, query or body).");
            }
        }

        if (operation.ArgumentsSchema is { } schema)
        {
            if (schema.ValueKind != JsonValueKind.Object)
            {
                failures.Add($"{where}: the arguments schema must be a JSON object.");
            }
            else if (schema.TryGetProperty("required", out JsonElement required) && required.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement item in required.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.String || !arguments.Contains(item.GetString()!))
                    {
                        failures.Add($"{where}: the schema requires {item.GetRawText()}, which is not a placeholder, query or body argument.");
                    }
                }
            }
        }
    }

    private static bool IsHeaderName(string? name) =>
        !string.IsNullOrEmpty(name) && name.All(c => c is > ' ' and < '\u007f' and not ('(' or ')' or '<' or '>' or '@' or ',' or ';' or ':' or '\\' or '"' or '/' or '[' or ']' or '?' or '=' or '{' or '}'));

    private static bool HasLineBreak(string? value) => value is not null && value.Any(c => c is '\r' or '\n' or '\0');
}
