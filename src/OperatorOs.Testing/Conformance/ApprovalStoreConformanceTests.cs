using Xunit;

namespace OperatorOs.Testing;

/// <summary>The behaviour every <see cref="ApprovalStore"/> must have; derive, implement <see cref="CreateStoreAsync"/>, and the tests run against your store.</summary>
public abstract class ApprovalStoreConformanceTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 9, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly List<object> _created = [];

    /// <summary>Gets the cancellation token of the running test.</summary>
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Creates an empty store for one test.</summary>
    /// <returns>The store.</returns>
    protected abstract Task<ApprovalStore> CreateStoreAsync();

    /// <inheritdoc/>
    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        foreach (IDisposable disposable in _created.OfType<IDisposable>())
        {
            disposable.Dispose();
        }

        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task AddAsync_ThenGetAsync_RoundTripsEveryField()
    {
        ApprovalStore store = await CreateAsync();
        ApprovalRequest request = Request("apr_1", Start) with
        {
            ExpiresAt = Start.AddDays(7),
            Status = ApprovalStatus.Approved,
            DecidedBy = "operator",
            DecidedAt = Start.AddHours(1),
            DecisionReason = "fine",
            CorrectedArguments = TestJson.Parse("""{"to":"right@example.com"}"""),
            Outcome = new OperationResult(OperationToken.ForProposal("p-apr_1"), "mail.send", TestJson.Parse("""{"messageId":"m1"}"""), "Sent.", Start.AddHours(1)),
        };

        await store.AddAsync(request, Ct);
        ApprovalRequest read = (await store.GetAsync("apr_1", Ct))!;

        Assert.Equal(request.Status, read.Status);
        Assert.Equal(request.ExpiresAt, read.ExpiresAt);
        Assert.Equal(request.DecidedBy, read.DecidedBy);
        Assert.Equal(request.DecidedAt, read.DecidedAt);
        Assert.Equal(request.DecisionReason, read.DecisionReason);
        Assert.Equal("right@example.com", read.CorrectedArguments!.Value.GetProperty("to").GetString());
        Assert.Equal(request.Decision.RuleId, read.Decision.RuleId);
        Assert.Equal(request.Decision.Verdict, read.Decision.Verdict);
        Assert.Equal(request.Outcome.Token, read.Outcome!.Token);
        Assert.Equal("m1", read.Outcome.Output.GetProperty("messageId").GetString());
        ActionProposal p = read.Proposal;
        Assert.Equal(request.Proposal.Id, p.Id);
        Assert.Equal(request.Proposal.Capability, p.Capability);
        Assert.Equal(request.Proposal.Arguments.GetRawText(), p.Arguments.GetRawText());
        Assert.Equal(request.Proposal.Proposer, p.Proposer);
        Assert.Equal(request.Proposal.ProposerKind, p.ProposerKind);
        Assert.Equal(request.Proposal.Rationale, p.Rationale);
        Assert.Equal(request.Proposal.Confidence, p.Confidence);
        Assert.Equal(request.Proposal.ModelId, p.ModelId);
        Assert.Equal(request.Proposal.Taint, p.Taint);
        Assert.Equal(request.Proposal.IntentId, p.IntentId);
        Assert.Equal(request.Proposal.CorrelationId, p.CorrelationId);
        Assert.Equal(request.Proposal.InputReferences, p.InputReferences);
        Assert.Equal(request.Proposal.CreatedAt, p.CreatedAt);
    }

    [Fact]
    public async Task AddAsync_DuplicateId_Throws()
    {
        ApprovalStore store = await CreateAsync();
        await store.AddAsync(Request("apr_1", Start), Ct);

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.AddAsync(Request("apr_1", Start), Ct));
    }

    [Fact]
    public async Task GetAsync_Unknown_ReturnsNull()
    {
        ApprovalStore store = await CreateAsync();

        Assert.Null(await store.GetAsync("apr_missing", Ct));
    }

    [Fact]
    public async Task ListAsync_ReturnsOneStatusOldestFirst()
    {
        ApprovalStore store = await CreateAsync();
        await store.AddAsync(Request("apr_b", Start.AddMinutes(2)), Ct);
        await store.AddAsync(Request("apr_a", Start.AddMinutes(1)), Ct);
        await store.AddAsync(Request("apr_c", Start) with { Status = ApprovalStatus.Rejected }, Ct);

        IReadOnlyList<ApprovalRequest> pending = await store.ListAsync(ApprovalStatus.Pending, Ct);

        Assert.Equal(["apr_a", "apr_b"], pending.Select(r => r.Id));
    }

    [Fact]
    public async Task TryUpdateAsync_WrongExpectedStatus_ChangesNothing()
    {
        ApprovalStore store = await CreateAsync();
        await store.AddAsync(Request("apr_1", Start), Ct);

        bool updated = await store.TryUpdateAsync(Request("apr_1", Start) with { Status = ApprovalStatus.Rejected }, ApprovalStatus.Approved, Ct);

        Assert.False(updated);
        Assert.Equal(ApprovalStatus.Pending, (await store.GetAsync("apr_1", Ct))!.Status);
    }

    [Fact]
    public async Task TryUpdateAsync_Concurrent_ExactlyOneWins()
    {
        ApprovalStore store = await CreateAsync();
        await store.AddAsync(Request("apr_1", Start), Ct);

        bool[] results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(
            () => store.TryUpdateAsync(Request("apr_1", Start) with { Status = i % 2 == 0 ? ApprovalStatus.Approved : ApprovalStatus.Rejected, DecidedBy = $"op{i}" }, ApprovalStatus.Pending, Ct),
            Ct)));

        Assert.Equal(1, results.Count(r => r));
        ApprovalRequest stored = (await store.GetAsync("apr_1", Ct))!;
        int winner = Array.IndexOf(results, true);
        Assert.Equal($"op{winner}", stored.DecidedBy);
    }

    /// <summary>Creates a pending request for the tests.</summary>
    /// <param name="id">The approval id.</param>
    /// <param name="createdAt">When it was queued.</param>
    /// <returns>The request.</returns>
    protected static ApprovalRequest Request(string id, DateTimeOffset createdAt)
    {
        var proposal = new ActionProposal($"p-{id}", "mail.send", TestJson.Parse("""{"to":"a@example.com","n":[1,2]}"""), "triage", createdAt)
        {
            ProposerKind = ActorKind.Agent,
            Rationale = "answer the student",
            Confidence = 0.75,
            ModelId = "small",
            Taint = TrustLevel.Untrusted,
            IntentId = "i1",
            CorrelationId = "c1",
            InputReferences = ["intent/i1", "memory/student/1/enrollment@2"],
        };
        return new ApprovalRequest(id, proposal, PolicyDecision.NeedsApproval("risk-tier.external", "External capabilities default to NeedsApproval."), createdAt);
    }

    private async Task<ApprovalStore> CreateAsync()
    {
        ApprovalStore store = await CreateStoreAsync();
        _created.Add(store);
        return store;
    }
}
