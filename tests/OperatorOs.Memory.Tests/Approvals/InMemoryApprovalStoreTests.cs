using System.Text.Json;

namespace OperatorOs.Memory.Tests.Approvals;

public class InMemoryApprovalStoreTests
{
    private static readonly DateTimeOffset Start = new(2026, 9, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task AddAsync_New_CanBeReadBack()
    {
        var store = new InMemoryApprovalStore();
        ApprovalRequest request = Request("a-1");

        await store.AddAsync(request, TestContext.Current.CancellationToken);

        Assert.Same(request, await store.GetAsync("a-1", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task AddAsync_DuplicateId_ThrowsAndKeepsTheFirst()
    {
        // Arrange
        var store = new InMemoryApprovalStore();
        ApprovalRequest first = Request("a-1");
        await store.AddAsync(first, TestContext.Current.CancellationToken);

        // Act
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.AddAsync(Request("a-1", Start.AddHours(1)), TestContext.Current.CancellationToken));

        // Assert
        Assert.Contains("a-1", error.Message, StringComparison.Ordinal);
        Assert.Same(first, await store.GetAsync("a-1", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task AddAsync_ConcurrentDuplicates_ExactlyOneIsStored()
    {
        var store = new InMemoryApprovalStore();
        ApprovalRequest[] candidates = Enumerable.Range(0, 16).Select(i => Request("a-1", Start.AddSeconds(i))).ToArray();

        Task[] adds = candidates.Select(c => Task.Run(() => store.AddAsync(c, TestContext.Current.CancellationToken))).ToArray();
        try
        {
            await Task.WhenAll(adds);
        }
        catch (InvalidOperationException)
        {
            // Expected for the losers; counted below.
        }

        Assert.Equal(1, adds.Count(t => t.IsCompletedSuccessfully));
        Assert.All(adds.Where(t => !t.IsCompletedSuccessfully), t => Assert.IsType<InvalidOperationException>(t.Exception!.InnerException));
        ApprovalRequest? stored = await store.GetAsync("a-1", TestContext.Current.CancellationToken);
        Assert.Contains(stored, candidates);
        Assert.Single(await store.ListAsync(ApprovalStatus.Pending, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task AddAsync_Null_ThrowsArgumentNull()
    {
        await Assert.ThrowsAsync<ArgumentNullException>(() => new InMemoryApprovalStore().AddAsync(null!, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task GetAsync_Unknown_ReturnsNull()
    {
        var store = new InMemoryApprovalStore();
        await store.AddAsync(Request("a-1"), TestContext.Current.CancellationToken);

        Assert.Null(await store.GetAsync("a-2", TestContext.Current.CancellationToken));
        Assert.Null(await store.GetAsync("A-1", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task TryUpdateAsync_ExpectedStatusMatches_ReplacesAndReturnsTrue()
    {
        // Arrange
        var store = new InMemoryApprovalStore();
        ApprovalRequest pending = Request("a-1");
        await store.AddAsync(pending, TestContext.Current.CancellationToken);
        ApprovalRequest approved = pending with { Status = ApprovalStatus.Approved, DecidedBy = "op", DecidedAt = Start.AddMinutes(1) };

        // Act
        bool updated = await store.TryUpdateAsync(approved, ApprovalStatus.Pending, TestContext.Current.CancellationToken);

        // Assert
        Assert.True(updated);
        Assert.Same(approved, await store.GetAsync("a-1", TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData(ApprovalStatus.Approved)]
    [InlineData(ApprovalStatus.Rejected)]
    [InlineData(ApprovalStatus.Expired)]
    public async Task TryUpdateAsync_WrongExpectedStatus_ReturnsFalseAndChangesNothing(ApprovalStatus expected)
    {
        // Arrange
        var store = new InMemoryApprovalStore();
        ApprovalRequest pending = Request("a-1");
        await store.AddAsync(pending, TestContext.Current.CancellationToken);

        // Act
        bool updated = await store.TryUpdateAsync(pending with { Status = ApprovalStatus.Rejected, DecisionReason = "no" }, expected, TestContext.Current.CancellationToken);

        // Assert
        Assert.False(updated);
        ApprovalRequest? stored = await store.GetAsync("a-1", TestContext.Current.CancellationToken);
        Assert.Same(pending, stored);
        Assert.Equal(ApprovalStatus.Pending, stored!.Status);
    }

    [Fact]
    public async Task TryUpdateAsync_AlreadyDecided_SecondDecisionReturnsFalse()
    {
        var store = new InMemoryApprovalStore();
        ApprovalRequest pending = Request("a-1");
        await store.AddAsync(pending, TestContext.Current.CancellationToken);
        ApprovalRequest approved = pending with { Status = ApprovalStatus.Approved };
        Assert.True(await store.TryUpdateAsync(approved, ApprovalStatus.Pending, TestContext.Current.CancellationToken));

        bool rejected = await store.TryUpdateAsync(pending with { Status = ApprovalStatus.Rejected }, ApprovalStatus.Pending, TestContext.Current.CancellationToken);

        Assert.False(rejected);
        Assert.Same(approved, await store.GetAsync("a-1", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task TryUpdateAsync_UnknownId_ReturnsFalseAndAddsNothing()
    {
        var store = new InMemoryApprovalStore();

        bool updated = await store.TryUpdateAsync(Request("a-9") with { Status = ApprovalStatus.Approved }, ApprovalStatus.Pending, TestContext.Current.CancellationToken);

        Assert.False(updated);
        Assert.Null(await store.GetAsync("a-9", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task TryUpdateAsync_ConcurrentDecisions_ExactlyOneWins()
    {
        for (int round = 0; round < 50; round++)
        {
            // Arrange
            var store = new InMemoryApprovalStore();
            ApprovalRequest pending = Request($"a-{round}");
            await store.AddAsync(pending, TestContext.Current.CancellationToken);
            ApprovalRequest[] decisions = Enumerable.Range(0, 8)
                .Select(i => pending with { Status = i % 2 == 0 ? ApprovalStatus.Approved : ApprovalStatus.Rejected, DecidedBy = $"op-{i}" })
                .ToArray();

            // Act
            bool[] results = await Task.WhenAll(decisions.Select(d => Task.Run(() => store.TryUpdateAsync(d, ApprovalStatus.Pending, TestContext.Current.CancellationToken))));

            // Assert
            Assert.Equal(1, results.Count(r => r));
            ApprovalRequest winner = decisions[Array.IndexOf(results, true)];
            Assert.Same(winner, await store.GetAsync(pending.Id, TestContext.Current.CancellationToken));
        }
    }

    [Fact]
    public async Task ListAsync_Status_ReturnsOnlyThatStatusOldestFirst()
    {
        // Arrange
        var store = new InMemoryApprovalStore();
        await store.AddAsync(Request("c", Start.AddMinutes(3)), TestContext.Current.CancellationToken);
        await store.AddAsync(Request("a", Start.AddMinutes(1)), TestContext.Current.CancellationToken);
        await store.AddAsync(Request("d", Start.AddMinutes(-5)), TestContext.Current.CancellationToken);
        await store.AddAsync(Request("b", Start.AddMinutes(2)) with { Status = ApprovalStatus.Approved }, TestContext.Current.CancellationToken);
        await store.AddAsync(Request("e", Start.AddMinutes(2)), TestContext.Current.CancellationToken);

        // Act
        IReadOnlyList<ApprovalRequest> pending = await store.ListAsync(ApprovalStatus.Pending, TestContext.Current.CancellationToken);
        IReadOnlyList<ApprovalRequest> approved = await store.ListAsync(ApprovalStatus.Approved, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(["d", "a", "e", "c"], pending.Select(r => r.Id));
        Assert.Equal(["b"], approved.Select(r => r.Id));
        Assert.Empty(await store.ListAsync(ApprovalStatus.Expired, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ListAsync_SameCreatedAt_OrdersByIdOrdinal()
    {
        var store = new InMemoryApprovalStore();
        foreach (string id in new[] { "b", "B", "a", "c" })
        {
            await store.AddAsync(Request(id, Start), TestContext.Current.CancellationToken);
        }

        IReadOnlyList<ApprovalRequest> pending = await store.ListAsync(ApprovalStatus.Pending, TestContext.Current.CancellationToken);

        Assert.Equal(["B", "a", "b", "c"], pending.Select(r => r.Id));
    }

    [Fact]
    public async Task ListAsync_ComparesInstants_NotLocalClockTimes()
    {
        var store = new InMemoryApprovalStore();
        // 08:00 UTC reads 08:00 locally; 04:00 UTC reads 09:00 at +05:00, so local clock order is the reverse of instant order.
        await store.AddAsync(Request("later", new DateTimeOffset(2026, 9, 1, 8, 0, 0, TimeSpan.Zero)), TestContext.Current.CancellationToken);
        await store.AddAsync(Request("earlier", new DateTimeOffset(2026, 9, 1, 9, 0, 0, TimeSpan.FromHours(5))), TestContext.Current.CancellationToken);

        IReadOnlyList<ApprovalRequest> pending = await store.ListAsync(ApprovalStatus.Pending, TestContext.Current.CancellationToken);

        Assert.Equal(["earlier", "later"], pending.Select(r => r.Id));
    }

    [Fact]
    public async Task ListAsync_AfterDecision_MovesBetweenLists()
    {
        var store = new InMemoryApprovalStore();
        ApprovalRequest pending = Request("a-1");
        await store.AddAsync(pending, TestContext.Current.CancellationToken);

        _ = await store.TryUpdateAsync(pending with { Status = ApprovalStatus.Rejected }, ApprovalStatus.Pending, TestContext.Current.CancellationToken);

        Assert.Empty(await store.ListAsync(ApprovalStatus.Pending, TestContext.Current.CancellationToken));
        Assert.Single(await store.ListAsync(ApprovalStatus.Rejected, TestContext.Current.CancellationToken));
    }

    private static ApprovalRequest Request(string id, DateTimeOffset? createdAt = null)
    {
        using JsonDocument arguments = JsonDocument.Parse("""{"to":"a@example.com"}""");
        var proposal = new ActionProposal($"p-{id}", "mail.send", arguments.RootElement, "triage", Start);
        return new ApprovalRequest(id, proposal, PolicyDecision.NeedsApproval("risk-tier.external", "visible outside"), createdAt ?? Start);
    }
}
