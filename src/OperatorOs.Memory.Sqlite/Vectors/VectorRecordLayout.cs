using System.Buffers;
using System.Text.Json;
using Microsoft.Extensions.VectorData.ProviderServices;

#pragma warning disable MEVD9001 // MEVD provider services are experimental; this is the connector-author API they exist for.

namespace OperatorOs;

/// <summary>
/// How the records of one collection model are stored: the key in its own column, the data properties and the source values of generated
/// embeddings as one JSON object keyed by storage name, each vector as a BLOB. Built from the MEVD <see cref="CollectionModel"/>, no reflection.
/// </summary>
internal sealed class VectorRecordLayout
{
    private readonly (PropertyModel Property, VectorValueCodec Codec)[] _values;

    private VectorRecordLayout(KeyPropertyModel key, string keyType, (PropertyModel, VectorValueCodec)[] values, IReadOnlyList<VectorPropertyModel> vectors)
    {
        Key = key;
        KeyType = keyType;
        _values = values;
        Vectors = vectors;
        Shape = new VectorCollectionShape(
            keyType,
            [
                .. values.Where(v => v.Item1 is DataPropertyModel).Select(v => VectorShapeProperty.Data(v.Item1.StorageName, v.Item2.Name)),
                .. vectors.Select(v => VectorShapeProperty.Vector(
                    v.StorageName, v.Dimensions, values.FirstOrDefault(value => ReferenceEquals(value.Item1, v)).Item2?.Name)),
            ]);
    }

    /// <summary>Gets the key property.</summary>
    public KeyPropertyModel Key { get; }

    /// <summary>Gets the stable name of the key type.</summary>
    public string KeyType { get; }

    /// <summary>Gets the vector properties, in model order (the order the in-memory engine indexes vectors by).</summary>
    public IReadOnlyList<VectorPropertyModel> Vectors { get; }

    /// <summary>Gets the shape this layout stores.</summary>
    public VectorCollectionShape Shape { get; }

    /// <summary>Builds the layout of a model, checking that every property type can be stored.</summary>
    /// <exception cref="NotSupportedException">The key, a data property or the source of a generated embedding has a type the store cannot store.</exception>
    public static VectorRecordLayout For(string collection, CollectionModel model)
    {
        KeyPropertyModel key = model.KeyProperty;
        string keyType = VectorKeyColumn.NameOf(key.Type) ?? throw new NotSupportedException(
            $"The key property '{key.ModelName}' of vector collection '{collection}' is a '{key.Type.Name}', which the SQLite vector store cannot store; supported key types: {VectorKeyColumn.SupportedTypes}.");
        var values = new List<(PropertyModel, VectorValueCodec)>();
        foreach (DataPropertyModel property in model.DataProperties)
        {
            values.Add((property, VectorValueCodecs.TryGet(property.Type, out VectorValueCodec codec) ? codec : throw new NotSupportedException(
                $"The data property '{property.ModelName}' of vector collection '{collection}' is a '{property.Type.Name}', which the SQLite vector store cannot store; supported types: {VectorValueCodecs.SupportedTypes}.")));
        }

        foreach (VectorPropertyModel property in model.VectorProperties.Where(p => !InMemoryModelBuilder.IsNativeVectorType(p.Type)))
        {
            // The value an embedding is generated from is part of the stored record (it is handed back by gets and searches).
            values.Add((property, VectorValueCodecs.TryGet(property.Type, out VectorValueCodec codec) ? codec : throw new NotSupportedException(
                $"The vector property '{property.ModelName}' of vector collection '{collection}' generates its embedding from a '{property.Type.Name}', which the SQLite vector store cannot store; supported types: {VectorValueCodecs.SupportedTypes}.")));
        }

        return new VectorRecordLayout(key, keyType, [.. values], model.VectorProperties);
    }

    /// <summary>Writes a stored record's data properties and embedding sources as JSON text.</summary>
    public string WriteData(object record)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach ((PropertyModel property, VectorValueCodec codec) in _values)
            {
                writer.WritePropertyName(property.StorageName);
                codec.Write(writer, property.GetValueAsObject(record));
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Sets the properties stored in <paramref name="data"/> on a fresh record; properties missing from it keep their defaults.</summary>
    /// <param name="data">The stored JSON object.</param>
    /// <param name="record">The record to fill.</param>
    /// <param name="failedProperty">The storage name of the property being read when an exception escapes.</param>
    public void ReadData(JsonElement data, object record, out string? failedProperty)
    {
        foreach ((PropertyModel property, VectorValueCodec codec) in _values)
        {
            failedProperty = property.StorageName;
            if (!data.TryGetProperty(property.StorageName, out JsonElement element))
            {
                continue;
            }

            object? value = codec.Read(element);
            if (value is null && property.Type.IsValueType && Nullable.GetUnderlyingType(property.Type) is null)
            {
                continue;
            }

            property.SetValueAsObject(record, value);
        }

        failedProperty = null;
    }
}
