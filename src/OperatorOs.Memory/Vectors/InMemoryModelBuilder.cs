using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;
using Microsoft.Extensions.VectorData.ProviderServices;

#pragma warning disable MEVD9001 // MEVD provider services are experimental; this is the connector-author API they exist for.

namespace OperatorOs;

/// <summary>Builds the MEVD <see cref="CollectionModel"/> of an in-memory collection and validates it against what the store supports.</summary>
internal sealed class InMemoryModelBuilder : CollectionModelBuilder
{
    private static readonly CollectionModelBuildingOptions BuildingOptions = new()
    {
        RequiresAtLeastOneVector = false,
        SupportsMultipleVectors = true,
    };

    public InMemoryModelBuilder()
        : base(BuildingOptions)
    {
    }

    /// <summary>Gets whether <paramref name="type"/> is a vector type stored as is (no embedding generation).</summary>
    public static bool IsNativeVectorType(Type type) =>
        type == typeof(ReadOnlyMemory<float>)
        || type == typeof(ReadOnlyMemory<float>?)
        || type == typeof(Embedding<float>)
        || type == typeof(float[]);

    /// <inheritdoc/>
    protected override bool IsDataPropertyTypeValid(Type type, [NotNullWhen(false)] out string? supportedTypes)
    {
        // Records live in process memory: every .NET type can be stored.
        supportedTypes = string.Empty;
        return true;
    }

    /// <inheritdoc/>
    protected override bool IsVectorPropertyTypeValid(Type type, [NotNullWhen(false)] out string? supportedTypes)
    {
        supportedTypes = InMemoryVectorConstants.SupportedVectorTypes;
        return IsNativeVectorType(type);
    }

    /// <inheritdoc/>
    protected override void ValidateProperty(PropertyModel propertyModel, VectorStoreCollectionDefinition? definition)
    {
        base.ValidateProperty(propertyModel, definition);
        if (propertyModel is VectorPropertyModel vector && !VectorDistances.TryParse(vector.DistanceFunction, out _))
        {
            throw new NotSupportedException(
                $"The distance function '{vector.DistanceFunction}' of vector property '{vector.ModelName}' is not supported by the in-memory vector store.");
        }
    }
}
