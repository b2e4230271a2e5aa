namespace OperatorOs.Connectors.Http.Internal;

/// <summary>Replaces every configured secret in a text with <see cref="Mask"/>.</summary>
internal sealed class SecretRedactor
{
    /// <summary>What a secret is replaced with.</summary>
    public const string Mask = "***";

    private static readonly string[] s_sensitiveHeaders =
    [
        "Authorization", "Proxy-Authorization", "Cookie", "X-Api-Key", "Api-Key", "X-Auth-Token",
    ];

    private readonly string[] _secrets;

    /// <summary>Initializes a new instance of the <see cref="SecretRedactor"/> class.</summary>
    /// <param name="secrets">The secrets; null, empty and very short values are ignored for matching but never sent elsewhere.</param>
    public SecretRedactor(IEnumerable<string?> secrets)
    {
        // Longest first, so a secret that contains another is replaced whole.
        _secrets = [.. secrets.Where(s => !string.IsNullOrEmpty(s)).Select(s => s!).Distinct(StringComparer.Ordinal).OrderByDescending(s => s.Length)];
    }

    /// <summary>Returns whether a header's value is a credential.</summary>
    public static bool IsSensitiveHeader(string name, string? apiKeyHeaderName) =>
        s_sensitiveHeaders.Contains(name, StringComparer.OrdinalIgnoreCase)
        || (!string.IsNullOrEmpty(apiKeyHeaderName) && string.Equals(name, apiKeyHeaderName, StringComparison.OrdinalIgnoreCase));

    /// <summary>Returns <paramref name="text"/> with every secret replaced by <see cref="Mask"/>.</summary>
    public string Redact(string text)
    {
        foreach (string secret in _secrets)
        {
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        }

        return text;
    }
}
