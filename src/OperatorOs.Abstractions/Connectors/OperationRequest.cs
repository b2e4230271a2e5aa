using System.Text.Json;
using OperatorOs.Shared;

namespace OperatorOs;

/// <summary>Represents one call of a connector operation: which capability, with which arguments, under which token.</summary>
public sealed class OperationRequest
{
    /// <summary>Initializes a new instance of the <see cref="OperationRequest"/> class.</summary>
    /// <param name="capability">The capability to invoke.</param>
    /// <param name="arguments">The arguments as a JSON object.</param>
    /// <param name="token">The idempotency key of the operation.</param>
    /// <exception cref="ArgumentNullException"><paramref name="capability"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="token"/> is the default token.</exception>
    public OperationRequest(string capability, JsonElement arguments, OperationToken token)
    {
        Capability = Throw.IfNull(capability);
        if (token.IsDefault)
        {
            throw new ArgumentException("An operation needs a token.", nameof(token));
        }

        Arguments = arguments.ValueKind == JsonValueKind.Undefined ? default : arguments.Clone();
        Token = token;
    }

    /// <summary>Gets the capability to invoke.</summary>
    public string Capability { get; }

    /// <summary>Gets the arguments.</summary>
    public JsonElement Arguments { get; }

    /// <summary>Gets the idempotency key of the operation.</summary>
    public OperationToken Token { get; }
}
