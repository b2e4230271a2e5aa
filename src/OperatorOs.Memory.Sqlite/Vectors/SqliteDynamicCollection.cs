using Microsoft.Extensions.VectorData.ProviderServices;

#pragma warning disable MEVD9001 // MEVD provider services are experimental; this is the connector-author API they exist for.

namespace OperatorOs;

/// <summary>A <see cref="SqliteCollection{TKey, TRecord}"/> whose records are <c>Dictionary&lt;string, object?&gt;</c>, mapped by a definition.</summary>
/// <remarks>Compatible with trimming and NativeAOT (no reflection over record types). A collection stored through a typed collection can be opened as a dynamic one with a compatible definition, and the other way round.</remarks>
#pragma warning disable CA1711 // The MEVD naming convention for collections.
public sealed class SqliteDynamicCollection : SqliteCollection<object, Dictionary<string, object?>>
#pragma warning restore CA1711
{
    internal SqliteDynamicCollection(InMemoryStorageRegistry registry, string name, CollectionModel model, InMemoryIndexSettings settings)
        : base(registry, name, model, settings)
    {
    }
}
