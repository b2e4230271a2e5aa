using System.Security.Cryptography;
using System.Text;

namespace OperatorOs;

/// <summary>Creates approval ids: time-ordered, so ids sort in queue order; or derived from an operation token, so a re-run step finds its request.</summary>
internal static class ApprovalIds
{
    public static string New(TimeProvider timeProvider) => "apr_" + Guid.CreateVersion7(timeProvider.GetUtcNow()).ToString("n");

    /// <summary>Returns the approval id of a flow step's operation: the same token always asks for (and finds) the same request.</summary>
    public static string ForToken(OperationToken token) =>
        "apr_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token.Value)).AsSpan(0, 16));
}
