using System.Text.Json;

namespace OperatorOs;

/// <summary>Writes and reads the values of one .NET type as JSON, without reflection: the stored form of a vector record's data properties.</summary>
/// <remarks>
/// <see cref="Name"/> is the stable name of the type in a collection's stored shape (<c>int32</c>, <c>string?</c>, <c>guid[]</c>);
/// arrays and lists of one element type share a name, since they are stored alike.
/// </remarks>
internal abstract class VectorValueCodec
{
    protected VectorValueCodec(string name) => Name = name;

    /// <summary>Gets the stable name of the stored type.</summary>
    public string Name { get; }

    /// <summary>Gets the name without nullability: two properties whose types share a family can read each other's stored values.</summary>
    public string Family => Name.Replace("?", string.Empty, StringComparison.Ordinal);

    /// <summary>Writes a value (which may be <see langword="null"/>).</summary>
    public abstract void Write(Utf8JsonWriter writer, object? value);

    /// <summary>Reads a value written by <see cref="Write"/>.</summary>
    /// <exception cref="FormatException">The element does not hold a value of this type.</exception>
    /// <exception cref="InvalidOperationException">The element does not hold a value of this type.</exception>
    public abstract object? Read(JsonElement element);
}
