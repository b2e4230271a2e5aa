namespace OperatorOs;

/// <summary>Selects flow instances; every criterion is optional.</summary>
public sealed class FlowQuery
{
    /// <summary>Gets the definition name to match, or <see langword="null"/> for any.</summary>
    public string? FlowName { get; init; }

    /// <summary>Gets the status to match, or <see langword="null"/> for any.</summary>
    public FlowStatus? Status { get; init; }

    /// <summary>Gets the state to match, or <see langword="null"/> for any.</summary>
    public string? State { get; init; }

    /// <summary>Gets the correlation key to match, or <see langword="null"/> for any.</summary>
    public string? CorrelationKey { get; init; }

    /// <summary>Gets a value indicating whether completed instances are included.</summary>
    /// <value>The default value is <see langword="false"/>: only unfinished instances (every status but <see cref="FlowStatus.Completed"/>) are listed, unless <see cref="Status"/> asks for completed ones.</value>
    public bool IncludeCompleted { get; init; }

    /// <summary>Returns whether an instance meets every criterion.</summary>
    /// <param name="instance">The instance.</param>
    /// <returns><see langword="true"/> when the instance is selected.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="instance"/> is <see langword="null"/>.</exception>
    public bool Matches(FlowInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return (FlowName is null || string.Equals(instance.FlowName, FlowName, StringComparison.Ordinal))
            && (Status is null ? IncludeCompleted || !instance.IsCompleted : instance.Status == Status)
            && (State is null || string.Equals(instance.State, State, StringComparison.Ordinal))
            && (CorrelationKey is null || string.Equals(instance.CorrelationKey, CorrelationKey, StringComparison.Ordinal));
    }
}
