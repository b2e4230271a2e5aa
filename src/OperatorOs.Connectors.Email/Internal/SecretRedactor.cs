using System.Text;

namespace OperatorOs.Connectors.Email.Internal;

/// <summary>Replaces every configured credential, and its Base64 form as sent in SMTP and IMAP authentication, with <see cref="Mask"/>.</summary>
internal sealed class SecretRedactor
{
    /// <summary>What a secret is replaced with.</summary>
    public const string Mask = "***";

    private readonly string[] _secrets;

    /// <summary>Initializes a new instance of the <see cref="SecretRedactor"/> class.</summary>
    public SecretRedactor(IEnumerable<string?> secrets)
    {
        var all = new List<string>();
        foreach (string secret in secrets.Where(s => !string.IsNullOrEmpty(s)).Select(s => s!))
        {
            all.Add(secret);
            all.Add(Convert.ToBase64String(Encoding.UTF8.GetBytes(secret)));
        }

        // Longest first, so a secret that contains another is replaced whole.
        _secrets = [.. all.Distinct(StringComparer.Ordinal).OrderByDescending(s => s.Length)];
    }

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
