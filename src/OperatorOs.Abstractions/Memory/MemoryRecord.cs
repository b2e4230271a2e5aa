using System.Text.Json;

namespace OperatorOs;

/// <summary>Represents one version of what memory knows about an entity's attribute.</summary>
/// <param name="Entity">The entity, for example <c>student/42</c>.</param>
/// <param name="Attribute">The attribute, for example <c>enrollment</c>.</param>
/// <param name="Kind">The kind of knowledge.</param>
/// <param name="Value">The value as JSON.</param>
/// <param name="Version">The version, starting at 1 and increasing by one with each update.</param>
/// <param name="ValidFrom">When the value became true.</param>
/// <param name="ValidTo">When the value stopped being true, or <see langword="null"/> while it is current.</param>
/// <param name="RecordedAt">When memory learned the value.</param>
/// <param name="Provenance">Who wrote the value and from what.</param>
public sealed record MemoryRecord(
    string Entity,
    string Attribute,
    MemoryKind Kind,
    JsonElement Value,
    int Version,
    DateTimeOffset ValidFrom,
    DateTimeOffset? ValidTo,
    DateTimeOffset RecordedAt,
    Provenance Provenance)
{
    /// <summary>Gets a value indicating whether this is the current version.</summary>
    public bool IsCurrent => ValidTo is null;
}
