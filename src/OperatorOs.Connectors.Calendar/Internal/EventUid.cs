using System.Security.Cryptography;
using System.Text;

namespace OperatorOs.Connectors.Calendar.Internal;

/// <summary>Derives an event's UID and resource name from the operation token that creates it.</summary>
/// <remarks>The UID is <c>{40 hex digits of SHA-256(token)}@{domain}</c>: the same token always names the same event, so a repeated
/// create finds the event it made, and the token itself (which may carry flow or proposal ids) never appears on the server as a UID.
/// The event's resource is <c>{hex}.ics</c> in the calendar collection.</remarks>
internal static class EventUid
{
    private const int HexLength = 40;

    /// <summary>Returns the UID of the event created under <paramref name="token"/>.</summary>
    public static string For(OperationToken token, string domain) => $"{Hash(token)}@{domain}";

    /// <summary>Returns the resource name (<c>{hex}.ics</c>) of a UID this connector derived, or <see langword="null"/> for other UIDs.</summary>
    public static string? ResourceNameOf(string uid, string domain)
    {
        int at = uid.IndexOf('@', StringComparison.Ordinal);
        if (at != HexLength || !string.Equals(uid[(at + 1)..], domain, StringComparison.Ordinal))
        {
            return null;
        }

        ReadOnlySpan<char> hex = uid.AsSpan(0, at);
        return hex.ContainsAnyExcept("0123456789abcdef") ? null : $"{hex}.ics";
    }

    private static string Hash(OperationToken token)
    {
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(token.Value));
        return Convert.ToHexStringLower(hash, 0, HexLength / 2);
    }
}
