using System.Text.Json;
using OperatorOs.Shared;

namespace OperatorOs;

/// <summary>Represents a change to memory: a new value for an entity's attribute, superseding the current one.</summary>
public sealed class MemoryWrite
{
    /// <summary>Initializes a new instance of the <see cref="MemoryWrite"/> class.</summary>
    /// <param name="entity">The entity, for example <c>student/42</c>.</param>
    /// <param name="attribute">The attribute, for example <c>enrollment</c>.</param>
    /// <param name="kind">The kind of knowledge.</param>
    /// <param name="value">The new value.</param>
    /// <param name="provenance">Who writes the value and from what.</param>
    /// <exception cref="ArgumentException"><paramref name="entity"/> or <paramref name="attribute"/> is null or empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="provenance"/> is <see langword="null"/>.</exception>
    public MemoryWrite(string entity, string attribute, MemoryKind kind, JsonElement value, Provenance provenance)
    {
        Entity = Throw.IfNullOrWhitespace(entity);
        Attribute = Throw.IfNullOrWhitespace(attribute);
        Kind = kind;
        Value = value.ValueKind == JsonValueKind.Undefined ? default : value.Clone();
        Provenance = Throw.IfNull(provenance);
    }

    /// <summary>Gets the entity.</summary>
    public string Entity { get; }

    /// <summary>Gets the attribute.</summary>
    public string Attribute { get; }

    /// <summary>Gets the kind of knowledge.</summary>
    public MemoryKind Kind { get; }

    /// <summary>Gets the new value.</summary>
    public JsonElement Value { get; }

    /// <summary>Gets who writes the value and from what.</summary>
    public Provenance Provenance { get; }

    /// <summary>Gets the version the writer believes is current (0 when it believes there is none), or <see langword="null"/> to write unconditionally.</summary>
    public int? ExpectedVersion { get; init; }

    /// <summary>Gets when the value became true, or <see langword="null"/> for the time it is recorded (or, should the store's clock be behind, when the current version began: an update never starts before what it supersedes).</summary>
    public DateTimeOffset? ValidFrom { get; init; }
}
