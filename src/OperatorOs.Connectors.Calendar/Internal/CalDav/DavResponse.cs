using System.Text;

namespace OperatorOs.Connectors.Calendar.Internal;

/// <summary>What one attempt of a <see cref="DavRequest"/> received.</summary>
/// <param name="Request">The request.</param>
/// <param name="StatusCode">The HTTP status code.</param>
/// <param name="ETag">The <c>ETag</c> header, if any.</param>
/// <param name="MediaType">The content media type, if any.</param>
/// <param name="Charset">The content charset, if any.</param>
/// <param name="Body">The body bytes.</param>
/// <param name="RetryAfter">How long the server asked to wait, from <c>Retry-After</c>.</param>
internal sealed record DavResponse(DavRequest Request, int StatusCode, string? ETag, string? MediaType, string? Charset, byte[] Body, TimeSpan? RetryAfter)
{
    /// <summary>Gets a value indicating whether trying again may succeed: 408, 429 and 5xx.</summary>
    public bool IsTransientFailure => StatusCode is 408 or 429 or >= 500;

    /// <summary>Gets a value indicating whether the status is 2xx.</summary>
    public bool IsSuccess => StatusCode is >= 200 and < 300;

    /// <summary>Gets the request and status as a short text, for example <c>REPORT /alice/calendar/ -&gt; 207</c>.</summary>
    public string What => $"{Request.What} -> {StatusCode}";

    /// <summary>Decodes the body with its charset, UTF-8 by default.</summary>
    public string Text()
    {
        Encoding encoding = Encoding.UTF8;
        if (!string.IsNullOrEmpty(Charset))
        {
            try
            {
                encoding = Encoding.GetEncoding(Charset.Trim('"'));
            }
            catch (ArgumentException)
            {
                // An unknown charset: read it as UTF-8, which replaces what it cannot decode.
            }
        }

        return encoding.GetString(Body);
    }
}
