namespace OperatorOs;

/// <summary>Narrows a memory search.</summary>
public sealed class MemorySearchOptions
{
    /// <summary>Gets the kind to search, or <see langword="null"/> for every kind.</summary>
    public MemoryKind? Kind { get; init; }

    /// <summary>Gets the entity to search within, or <see langword="null"/> for all.</summary>
    public string? Entity { get; init; }

    /// <summary>Gets the entities to search within (any of them), or <see langword="null"/> for no such restriction; an empty list finds nothing.</summary>
    public IReadOnlyList<string>? Entities { get; init; }

    /// <summary>Gets the earliest recorded time to include, or <see langword="null"/>.</summary>
    public DateTimeOffset? RecordedFrom { get; init; }

    /// <summary>Gets the recorded time to stop before, or <see langword="null"/>.</summary>
    public DateTimeOffset? RecordedBefore { get; init; }

    /// <summary>Gets how many results to return.</summary>
    /// <value>The default value is 10.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int Top
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            field = value;
        }
    } = 10;

    /// <summary>Gets the lowest score a result may have, or <see langword="null"/> for no threshold.</summary>
    public double? MinScore { get; init; }
}
