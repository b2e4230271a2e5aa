namespace OperatorOs;

/// <summary>Describes what an agent's context should hold and how many tokens it may cost.</summary>
public sealed class ContextRequest
{
    /// <summary>Initializes a new instance of the <see cref="ContextRequest"/> class.</summary>
    /// <param name="tokenBudget">The most tokens the assembled context may cost.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="tokenBudget"/> is less than 1.</exception>
    public ContextRequest(int tokenBudget)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(tokenBudget, 1);
        TokenBudget = tokenBudget;
    }

    /// <summary>Gets the most tokens the assembled context may cost.</summary>
    public int TokenBudget { get; }

    /// <summary>Gets the entities the work concerns; their current facts and recent context come first.</summary>
    public IReadOnlyList<string> Entities { get; init; } = [];

    /// <summary>Gets the text to retrieve similar records for, or <see langword="null"/> to retrieve nothing.</summary>
    public string? Query { get; init; }

    /// <summary>Gets how many similar records to retrieve at most.</summary>
    /// <value>The default value is 8.</value>
    public int MaxRetrieved { get; init; } = 8;

    /// <summary>Gets the entities retrieved records must belong to, or <see langword="null"/> to retrieve from all of memory.</summary>
    /// <remarks>Agents pass their memory scopes here, so retrieval never shows them another customer's records.</remarks>
    public IReadOnlyList<string>? RetrieveWithin { get; init; }

    /// <summary>Gets the kind retrieved records must have, or <see langword="null"/> for any.</summary>
    public MemoryKind? RetrievedKind { get; init; }
}
