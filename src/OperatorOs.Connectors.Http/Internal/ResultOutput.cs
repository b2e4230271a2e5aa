using System.Text;
using System.Text.Json;
using OperatorOs.Shared;

namespace OperatorOs.Connectors.Http.Internal;

/// <summary>Turns a <see cref="ResponseData"/> into the redacted output of a result, or an excerpt for an error message.</summary>
internal static class ResultOutput
{
    /// <summary>Builds <c>{ status, headers, body, truncated? }</c>: the body as JSON when the response is JSON, else as text cut to <paramref name="maxTextChars"/>.</summary>
    public static JsonElement Build(ResponseData response, SecretRedactor redactor, int maxTextChars) => JsonOutput.Build(writer =>
    {
        writer.WriteStartObject();
        writer.WriteNumber("status", response.StatusCode);
        writer.WriteStartObject("headers");
        foreach (KeyValuePair<string, string> header in response.Headers)
        {
            writer.WriteString(header.Key, redactor.Redact(header.Value));
        }

        writer.WriteEndObject();
        writer.WritePropertyName("body");
        bool truncated = response.Truncated;
        string text = redactor.Redact(Decode(response));
        if (text.Length == 0)
        {
            writer.WriteNullValue();
        }
        else if (IsJson(response.MediaType) && !response.Truncated && TryParse(text) is { } document)
        {
            using (document)
            {
                JsonRedaction.WriteRedacted(writer, document.RootElement, redactor.Redact);
            }
        }
        else
        {
            if (text.Length > maxTextChars)
            {
                text = text[..maxTextChars];
                truncated = true;
            }

            writer.WriteStringValue(text);
        }

        if (truncated)
        {
            writer.WriteBoolean("truncated", true);
        }

        writer.WriteEndObject();
    });

    /// <summary>Returns a redacted, one-line excerpt of the body for an error message.</summary>
    public static string Excerpt(ResponseData response, SecretRedactor redactor)
    {
        string text = redactor.Redact(Decode(response));
        var line = new StringBuilder(Math.Min(text.Length, HttpConnectorConstants.ErrorExcerptChars));
        foreach (char c in text)
        {
            if (line.Length == HttpConnectorConstants.ErrorExcerptChars)
            {
                _ = line.Append('…');
                break;
            }

            _ = line.Append(char.IsControl(c) ? ' ' : c);
        }

        return line.ToString().Trim();
    }

    private static string Decode(ResponseData response)
    {
        Encoding encoding = Encoding.UTF8;
        if (!string.IsNullOrEmpty(response.Charset))
        {
            try
            {
                encoding = Encoding.GetEncoding(response.Charset.Trim('"'));
            }
            catch (ArgumentException)
            {
                // An unknown charset: read it as UTF-8, which replaces what it cannot decode.
            }
        }

        return encoding.GetString(response.Body);
    }

    private static bool IsJson(string? mediaType) =>
        mediaType is not null
        && (mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));

    private static JsonDocument? TryParse(string text)
    {
        try
        {
            return JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
