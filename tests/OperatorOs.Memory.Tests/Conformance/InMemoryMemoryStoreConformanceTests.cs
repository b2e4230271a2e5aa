namespace OperatorOs.Memory.Tests.Conformance;

public sealed class InMemoryMemoryStoreConformanceTests : MemoryStoreConformanceTests
{
    protected override Task<MemoryStore> CreateStoreAsync(TimeProvider timeProvider) =>
        Task.FromResult<MemoryStore>(new InMemoryMemoryStore(timeProvider));
}
