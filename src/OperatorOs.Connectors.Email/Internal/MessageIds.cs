using System.Security.Cryptography;
using System.Text;

namespace OperatorOs.Connectors.Email.Internal;

/// <summary>Message-IDs: derived from operation tokens for outgoing mail, normalized and threaded for inbound mail.</summary>
/// <remarks>Message-IDs are handled in MimeKit's bare form, <c>id@domain</c>; the header carries them in angle brackets.</remarks>
internal static class MessageIds
{
    /// <summary>The longest Message-ID accepted in arguments.</summary>
    public const int MaxLength = 250;

    /// <summary>Returns the Message-ID of the message an operation token sends or drafts: the same token always gives the same id.</summary>
    public static string ForToken(OperationToken token, string domain) => $"oos.{Hash(token.Value)}@{domain}";

    /// <summary>Returns the first 128 bits of the SHA-256 of <paramref name="text"/> as lower-case hex.</summary>
    public static string Hash(string text)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        return Convert.ToHexStringLower(hash[..16]);
    }

    /// <summary>Strips angle brackets and white space; <see langword="null"/> when nothing is left.</summary>
    public static string? Normalize(string? id)
    {
        if (id is null)
        {
            return null;
        }

        string trimmed = id.Trim().TrimStart('<').TrimEnd('>').Trim();
        return trimmed.Length == 0 ? null : trimmed;
    }

    /// <summary>Returns whether <paramref name="id"/> (bare or bracketed) is a usable Message-ID: <c>left@right</c>, printable ASCII, no spaces or brackets.</summary>
    public static bool IsValid(string? id)
    {
        string? bare = Normalize(id);
        if (bare is null || bare.Length > MaxLength)
        {
            return false;
        }

        int at = bare.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && at < bare.Length - 1 && bare.All(c => c is > ' ' and <= '~' and not ('<' or '>'));
    }

    /// <summary>Returns the id of a message's thread: the first of its References, else its In-Reply-To, else its own Message-ID.</summary>
    public static string ThreadIdOf(string messageId, string? inReplyTo, IReadOnlyList<string> references) =>
        references.Count > 0 ? references[0] : inReplyTo ?? messageId;
}
