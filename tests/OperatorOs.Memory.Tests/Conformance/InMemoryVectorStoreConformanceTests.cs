using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;

namespace OperatorOs.Memory.Tests.Conformance;

public sealed class InMemoryVectorStoreConformanceTests : VectorStoreConformanceTests
{
    protected override VectorStore CreateStore(IEmbeddingGenerator? embeddingGenerator = null) =>
        new InMemoryVectorStore(new InMemoryVectorStoreOptions { EmbeddingGenerator = embeddingGenerator });
}
