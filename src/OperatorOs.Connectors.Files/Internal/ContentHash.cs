using System.Security.Cryptography;

namespace OperatorOs.Connectors.Files.Internal;

/// <summary>Computes content-addressed versions: the lower-case hex SHA-256 of the bytes.</summary>
internal static class ContentHash
{
    /// <summary>The length of a version string.</summary>
    public const int Length = 64;

    /// <summary>Returns the version of some bytes.</summary>
    public static string Of(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>Returns the version of the bytes a stream yields.</summary>
    public static async Task<string> OfAsync(Stream stream, CancellationToken cancellationToken) =>
        Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));

    /// <summary>Returns whether <paramref name="value"/> has the form of a version.</summary>
    public static bool IsValid(string value)
    {
        if (value.Length != Length)
        {
            return false;
        }

        foreach (char c in value)
        {
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f')))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Returns the first characters of a version, for summaries.</summary>
    public static string Short(string? version) => version is null ? "none" : version[..Math.Min(12, version.Length)];
}
