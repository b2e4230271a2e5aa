using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData.ProviderServices;

#pragma warning disable MEVD9001 // MEVD provider services are experimental; this is the connector-author API they exist for.

namespace OperatorOs;

/// <summary>
/// Copies records between the caller's shape and the stored shape, through the MEVD <see cref="CollectionModel"/> property accessors.
/// </summary>
/// <remarks>
/// A stored record is a fresh instance holding the key, the data properties and the source values of generated embeddings, but no
/// vectors: those live once, in the collection's <see cref="VectorColumn"/>s. Records handed back are fresh instances too (so callers
/// can never mutate the store), with vectors copied out of the columns only when asked for.
/// </remarks>
/// <typeparam name="TRecord">The record type.</typeparam>
internal sealed class InMemoryRecordMapper<TRecord>
    where TRecord : class
{
    private readonly CollectionModel _model;
    private readonly PropertyModel[] _copied;
    private readonly VectorPropertyModel[] _native;

    public InMemoryRecordMapper(CollectionModel model)
    {
        _model = model;
        _copied = [.. model.KeyProperties, .. model.DataProperties, .. model.VectorProperties.Where(p => !IsNative(p))];
        _native = [.. model.VectorProperties.Where(IsNative)];
    }

    /// <summary>Gets whether a vector property stores the record's own vector (rather than an embedding generated from its value).</summary>
    public static bool IsNative(VectorPropertyModel property) => InMemoryModelBuilder.IsNativeVectorType(property.Type);

    /// <summary>Creates the stored copy of <paramref name="record"/>, without vectors.</summary>
    public TRecord ToStored(TRecord record)
    {
        TRecord stored = _model.CreateRecord<TRecord>();
        foreach (PropertyModel property in _copied)
        {
            property.SetValueAsObject(stored, property.GetValueAsObject(record));
        }

        return stored;
    }

    /// <summary>Creates the caller's copy of a stored record, with its vectors when <paramref name="includeVectors"/> is set.</summary>
    public TRecord ToResult(TRecord stored, int slot, IInMemoryCollectionStorage storage, bool includeVectors)
    {
        TRecord result = _model.CreateRecord<TRecord>();
        foreach (PropertyModel property in _copied)
        {
            property.SetValueAsObject(result, property.GetValueAsObject(stored));
        }

        if (includeVectors)
        {
            foreach (VectorPropertyModel property in _native)
            {
                VectorColumn column = storage.Column(property.ModelName);
                if (column.Has(slot))
                {
                    property.SetValueAsObject(result, ToPropertyValue(property.Type, column.Row(slot).ToArray()));
                }
            }
        }

        return result;
    }

    /// <summary>Reads the vector a record carries for a native vector property; empty when it has none.</summary>
    /// <exception cref="ArgumentException">The vector's length is not the property's dimension count.</exception>
    public static ReadOnlyMemory<float> ReadVector(VectorPropertyModel property, object record)
    {
        ReadOnlyMemory<float> vector = property.GetValueAsObject(record) switch
        {
            ReadOnlyMemory<float> memory => memory,
            float[] array => array,
            Embedding<float> embedding => embedding.Vector,
            null => ReadOnlyMemory<float>.Empty,
            var other => throw new ArgumentException($"Vector property '{property.ModelName}' holds a '{other.GetType().Name}'; expected {InMemoryVectorConstants.SupportedVectorTypes}."),
        };

        return CheckDimensions(property, vector);
    }

    /// <summary>Checks a vector against the property's dimension count (an empty vector means none).</summary>
    /// <exception cref="ArgumentException">The vector's length is not the property's dimension count.</exception>
    public static ReadOnlyMemory<float> CheckDimensions(VectorPropertyModel property, ReadOnlyMemory<float> vector) =>
        vector.IsEmpty || vector.Length == property.Dimensions
            ? vector
            : throw new ArgumentException($"Vector property '{property.ModelName}' has {property.Dimensions} dimensions, but a vector of {vector.Length} was given.");

    private static object ToPropertyValue(Type type, float[] vector) =>
        type == typeof(float[]) ? vector
        : type == typeof(Embedding<float>) ? new Embedding<float>(vector)
        : new ReadOnlyMemory<float>(vector);
}
