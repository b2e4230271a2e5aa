namespace OperatorOs;

/// <summary>A compiled filter shape bound to the constant values of one query.</summary>
/// <typeparam name="TRecord">The stored record type.</typeparam>
internal readonly struct CompiledFilter<TRecord>
{
    private readonly Func<TRecord, object?[], bool>? _predicate;
    private readonly object?[] _arguments;

    public CompiledFilter(Func<TRecord, object?[], bool> predicate, object?[] arguments)
    {
        _predicate = predicate;
        _arguments = arguments;
    }

    /// <summary>Gets whether a filter is present (an absent filter matches everything).</summary>
    public bool IsPresent => _predicate is not null;

    /// <summary>Evaluates the filter against a stored record.</summary>
    public bool Matches(TRecord record) => _predicate is null || _predicate(record, _arguments);
}
