using OperatorOs.Shared;

namespace OperatorOs;

/// <summary>Represents the idempotency key of one operation: the same token always means the same effect, performed at most once.</summary>
/// <remarks>Tokens are deterministic: a proposal's token derives from its id, a flow step's from the instance and step, an agent's tool call's from the intent, the round and the call, so a retry or a resume after a crash presents the same token.</remarks>
public readonly record struct OperationToken
{
    private readonly string? _value;

    /// <summary>The maximum length of a token.</summary>
    public const int MaxLength = 200;

    /// <summary>Initializes a new instance of the <see cref="OperationToken"/> struct.</summary>
    /// <param name="value">The token text: printable ASCII without spaces, at most <see cref="MaxLength"/> characters.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="value"/> is empty, too long or contains other characters.</exception>
    public OperationToken(string value)
    {
        _ = Throw.IfNull(value);
        if (value.Length is 0 or > MaxLength)
        {
            throw new ArgumentException($"An operation token must have 1 to {MaxLength} characters.", nameof(value));
        }

        foreach (char c in value)
        {
            if (c is <= ' ' or > '~')
            {
                throw new ArgumentException($"An operation token may contain only printable ASCII without spaces; found U+{(int)c:X4}.", nameof(value));
            }
        }

        _value = value;
    }

    /// <summary>Gets the token text.</summary>
    /// <exception cref="InvalidOperationException">The token is the uninitialized default.</exception>
    public string Value => _value ?? throw new InvalidOperationException("The operation token is uninitialized.");

    /// <summary>Gets a value indicating whether this is the default, uninitialized token.</summary>
    public bool IsDefault => _value is null;

    /// <summary>Returns the token of the operation that executes a proposal.</summary>
    /// <param name="proposalId">The proposal id.</param>
    /// <returns>The token <c>proposal:{proposalId}</c>.</returns>
    public static OperationToken ForProposal(string proposalId) => new($"proposal:{Throw.IfNullOrWhitespace(proposalId)}");

    /// <summary>Returns the token of the operation a flow instance performs at a step.</summary>
    /// <param name="flowInstanceId">The flow instance id.</param>
    /// <param name="step">The step name.</param>
    /// <returns>The token <c>flow:{flowInstanceId}:{step}</c>.</returns>
    public static OperationToken ForFlowStep(string flowInstanceId, string step) =>
        new($"flow:{Throw.IfNullOrWhitespace(flowInstanceId)}:{Throw.IfNullOrWhitespace(step)}");

    /// <inheritdoc/>
    public override string ToString() => _value ?? string.Empty;
}
