using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;

namespace OperatorOs.Memory.Sqlite.Tests.Vectors;

public sealed class SqliteVectorStoreConformanceTests : VectorStoreConformanceTests
{
    private readonly TempDatabases _files = new();

    protected override VectorStore CreateStore(IEmbeddingGenerator? embeddingGenerator = null) =>
        new SqliteVectorStore(_files.Open(), new SqliteVectorStoreOptions { EmbeddingGenerator = embeddingGenerator });

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _files.Dispose();
    }
}
