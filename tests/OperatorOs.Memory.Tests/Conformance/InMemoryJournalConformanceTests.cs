namespace OperatorOs.Memory.Tests.Conformance;

public sealed class InMemoryJournalConformanceTests : JournalConformanceTests
{
    protected override Task<global::OperatorOs.Journal> CreateJournalAsync(TimeProvider timeProvider) =>
        Task.FromResult<global::OperatorOs.Journal>(new InMemoryJournal(timeProvider));
}
