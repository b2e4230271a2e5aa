namespace OperatorOs.Memory.Tests.Vectors;

/// <summary>What is particular to the in-memory dynamic collection; the behaviour every store shares is in <see cref="Conformance.InMemoryVectorStoreConformanceTests"/>.</summary>
public class InMemoryDynamicCollectionTests
{
    [Fact]
    public void Constructor_DictionaryRecordOnTypedCollection_Throws()
    {
        Assert.Throws<NotSupportedException>(() => new InMemoryCollection<string, Dictionary<string, object?>>("x"));
    }

    [Fact]
    public void Constructor_WithoutDefinition_Throws()
    {
        Assert.Throws<ArgumentException>(() => new InMemoryDynamicCollection("x", new InMemoryCollectionOptions()));
    }
}
