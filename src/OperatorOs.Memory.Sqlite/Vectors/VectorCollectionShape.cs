using System.Text.Json;

namespace OperatorOs;

/// <summary>
/// The shape of a stored collection: its key type and every property its records were ever written with. Stored with the collection so
/// that opening it with another record shape is checked before any record is read.
/// </summary>
/// <remarks>
/// Compatible shapes: same key type; a property present in both keeps its role, its stored type up to nullability (arrays and lists of one
/// element type are alike), and, for a vector, its dimensions. Properties may be added (old records lack them) or left out (their stored
/// values are kept, and still checked if the property comes back).
/// </remarks>
internal sealed class VectorCollectionShape
{
    public VectorCollectionShape(string keyType, IReadOnlyList<VectorShapeProperty> properties)
    {
        KeyType = keyType;
        Properties = properties;
    }

    /// <summary>Gets the stable name of the key type.</summary>
    public string KeyType { get; }

    /// <summary>Gets the properties.</summary>
    public IReadOnlyList<VectorShapeProperty> Properties { get; }

    /// <summary>Reads a shape written by <see cref="ToJson"/>.</summary>
    /// <exception cref="JsonException">The text is not a stored shape.</exception>
    public static VectorCollectionShape Parse(string keyType, string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        var properties = new List<VectorShapeProperty>();
        foreach (JsonElement item in document.RootElement.EnumerateArray())
        {
            string name = item.GetProperty("name").GetString() ?? throw new JsonException("A property has no name.");
            string? type = item.TryGetProperty("type", out JsonElement t) ? t.GetString() : null;
            properties.Add(item.GetProperty("role").GetString() switch
            {
                "data" => VectorShapeProperty.Data(name, type ?? throw new JsonException($"Data property '{name}' has no type.")),
                "vector" => VectorShapeProperty.Vector(name, item.GetProperty("dimensions").GetInt32(), type),
                var role => throw new JsonException($"Property '{name}' has the unknown role '{role}'."),
            });
        }

        return new VectorCollectionShape(keyType, properties);
    }

    /// <summary>Writes the properties as a JSON array.</summary>
    public string ToJson() => SqliteJson.Write(writer =>
    {
        writer.WriteStartArray();
        foreach (VectorShapeProperty property in Properties)
        {
            writer.WriteStartObject();
            writer.WriteString("name", property.Name);
            writer.WriteString("role", property.IsVector ? "vector" : "data");
            if (property.Type is { } type)
            {
                writer.WriteString("type", type);
            }

            if (property.IsVector)
            {
                writer.WriteNumber("dimensions", property.Dimensions);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    });

    /// <summary>Finds the first way <paramref name="requested"/> cannot read records stored with this shape.</summary>
    /// <returns>The property (<see langword="null"/> for the key) and the problem, or <see langword="null"/> when compatible.</returns>
    public (string? Property, string Problem)? FindConflict(VectorCollectionShape requested)
    {
        if (requested.KeyType != KeyType)
        {
            return (null, $"its records are keyed by {KeyType}, not {requested.KeyType}");
        }

        foreach (VectorShapeProperty wanted in requested.Properties)
        {
            if (Find(wanted.Name) is not { } stored)
            {
                continue;
            }

            if (stored.IsVector != wanted.IsVector)
            {
                return (wanted.Name, $"property '{wanted.Name}' is stored as a {Role(stored)} property, not a {Role(wanted)} property");
            }

            if (!stored.IsVector && stored.TypeFamily != wanted.TypeFamily)
            {
                return (wanted.Name, $"property '{wanted.Name}' is stored as {stored.Type}, not {wanted.Type}");
            }

            if (stored.IsVector && stored.Dimensions != wanted.Dimensions)
            {
                return (wanted.Name, $"vector property '{wanted.Name}' is stored with {stored.Dimensions} dimensions, not {wanted.Dimensions}");
            }

            if (stored.IsVector && stored.Type is not null && wanted.Type is not null && stored.TypeFamily != wanted.TypeFamily)
            {
                return (wanted.Name, $"vector property '{wanted.Name}' is generated from {stored.Type} values, not {wanted.Type}");
            }
        }

        return null;
    }

    /// <summary>Gets the shape that describes the stored records after records of <paramref name="requested"/> are written: its properties, then the stored ones it leaves out.</summary>
    /// <returns>The merged shape, or <see langword="null"/> when it is this shape.</returns>
    public VectorCollectionShape? MergeWith(VectorCollectionShape requested)
    {
        List<VectorShapeProperty> merged =
        [
            .. requested.Properties.Select(wanted => Find(wanted.Name) is { IsVector: true, Type: { } source } && wanted.Type is null ? wanted with { Type = source } : wanted),
            .. Properties.Where(stored => requested.Properties.All(p => p.Name != stored.Name)),
        ];
        return merged.Count == Properties.Count && merged.All(p => Properties.Contains(p)) ? null : new VectorCollectionShape(KeyType, merged);
    }

    private static string Role(VectorShapeProperty property) => property.IsVector ? "vector" : "data";

    private VectorShapeProperty? Find(string name)
    {
        foreach (VectorShapeProperty property in Properties)
        {
            if (property.Name == name)
            {
                return property;
            }
        }

        return null;
    }
}
