namespace OperatorOs;

/// <summary>Represents a connector's answer to "did the operation with this token happen?".</summary>
/// <param name="Token">The token asked about.</param>
/// <param name="State">What the connector knows.</param>
/// <param name="Result">The result, when <paramref name="State"/> is <see cref="OperationState.Completed"/>.</param>
public sealed record OperationStatus(OperationToken Token, OperationState State, OperationResult? Result)
{
    /// <summary>Creates the status of a token the connector has no record of.</summary>
    /// <param name="token">The token.</param>
    /// <returns>The status.</returns>
    public static OperationStatus NotFound(OperationToken token) => new(token, OperationState.NotFound, null);

    /// <summary>Creates the status of an operation that was started but whose outcome is unknown.</summary>
    /// <param name="token">The token.</param>
    /// <returns>The status.</returns>
    public static OperationStatus InDoubt(OperationToken token) => new(token, OperationState.InDoubt, null);

    /// <summary>Creates the status of a completed operation.</summary>
    /// <param name="result">The operation's result.</param>
    /// <returns>The status.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="result"/> is <see langword="null"/>.</exception>
    public static OperationStatus Completed(OperationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new(result.Token, OperationState.Completed, result);
    }
}
