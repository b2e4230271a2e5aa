using System.Security.Cryptography;
using System.Text;

namespace OperatorOs;

/// <summary>Creates approval ids: time-ordered; or derived from an operation token, so a flow step or an agent's tool call made again finds its request.</summary>
internal static class ApprovalIds
{
    public static string New(TimeProvider timeProvider) => "apr_" + Guid.CreateVersion7(timeProvider.GetUtcNow()).ToString("n");

    /// <summary>Returns the approval id of a token's operation (a flow step's, an agent tool call's): the same token always asks for (and finds) the same request.</summary>
    public static string ForToken(OperationToken token) =>
        "apr_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token.Value)).AsSpan(0, 16));
}
