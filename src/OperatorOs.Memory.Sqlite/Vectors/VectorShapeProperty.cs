namespace OperatorOs;

/// <summary>One property of a stored collection's shape: a data property with its stored type, or a vector property with its dimensions.</summary>
/// <param name="Name">The storage name.</param>
/// <param name="IsVector">Whether the property is a vector property.</param>
/// <param name="Type">The stored type of a data property; for a vector property, the type its embedding is generated from, or <see langword="null"/> for a vector stored as given.</param>
/// <param name="Dimensions">The dimensions of a vector property; zero for a data property.</param>
internal sealed record VectorShapeProperty(string Name, bool IsVector, string? Type, int Dimensions)
{
    public static VectorShapeProperty Data(string name, string type) => new(name, IsVector: false, type, Dimensions: 0);

    public static VectorShapeProperty Vector(string name, int dimensions, string? sourceType) => new(name, IsVector: true, sourceType, dimensions);

    /// <summary>Gets <see cref="Type"/> without nullability.</summary>
    public string? TypeFamily => Type?.Replace("?", string.Empty, StringComparison.Ordinal);
}
