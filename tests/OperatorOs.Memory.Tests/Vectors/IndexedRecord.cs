using Microsoft.Extensions.VectorData;

namespace OperatorOs.Memory.Tests.Vectors;

/// <summary>A record mapped by definition, so each test picks the index kind and distance function.</summary>
public sealed class IndexedRecord
{
    public int Id { get; set; }

    public int Category { get; set; }

    public float[]? Vector { get; set; }

    public static VectorStoreCollectionDefinition Definition(int dimensions, string indexKind, string distance = DistanceFunction.CosineSimilarity) => new()
    {
        Properties =
        [
            new VectorStoreKeyProperty(nameof(Id), typeof(int)),
            new VectorStoreDataProperty(nameof(Category), typeof(int)) { IsIndexed = true },
            new VectorStoreVectorProperty(nameof(Vector), typeof(float[]), dimensions) { IndexKind = indexKind, DistanceFunction = distance },
        ],
    };
}
