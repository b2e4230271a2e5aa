namespace OperatorOs;

/// <summary>The vector-store record that indexes the current version of one memory key; canonical data stays in the <see cref="MemoryStore"/>.</summary>
public sealed class MemoryIndexRecord
{
    /// <summary>Gets or sets the key: entity and attribute joined by a line feed.</summary>
    public string Key { get; set; } = string.Empty;

    /// <summary>Gets or sets the entity.</summary>
    public string Entity { get; set; } = string.Empty;

    /// <summary>Gets or sets the attribute.</summary>
    public string Attribute { get; set; } = string.Empty;

    /// <summary>Gets or sets the record kind as its numeric value.</summary>
    public int Kind { get; set; }

    /// <summary>Gets or sets the indexed version.</summary>
    public int Version { get; set; }

    /// <summary>Gets or sets when the version was recorded, as UTC ticks.</summary>
    public long RecordedAtTicks { get; set; }

    /// <summary>Gets or sets the text that was embedded and keyword-indexed.</summary>
    public string Text { get; set; } = string.Empty;

    /// <summary>Gets or sets the embedding of <see cref="Text"/>.</summary>
    public ReadOnlyMemory<float> Embedding { get; set; }
}
