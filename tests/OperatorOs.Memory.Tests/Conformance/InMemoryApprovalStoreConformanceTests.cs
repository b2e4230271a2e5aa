namespace OperatorOs.Memory.Tests.Conformance;

public sealed class InMemoryApprovalStoreConformanceTests : ApprovalStoreConformanceTests
{
    protected override Task<ApprovalStore> CreateStoreAsync() => Task.FromResult<ApprovalStore>(new InMemoryApprovalStore());
}
