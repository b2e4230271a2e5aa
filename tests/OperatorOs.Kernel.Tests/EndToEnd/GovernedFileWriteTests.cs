using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OperatorOs.Testing;

namespace OperatorOs.Kernel.Tests.EndToEnd;

/// <summary>The whole path with real parts: an intent, a model's tool call, policy, the approval queue, the executor and the Files connector on disk.</summary>
public sealed class GovernedFileWriteTests : IAsyncDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("operatoros-e2e-").FullName;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 9, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly ScriptedChatClient _model = new("gpt-test");
    private readonly ServiceProvider _services;

    public GovernedFileWriteTests()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_clock);
        services.AddSingleton<IChatClient>(_model);
        services.AddOperatorOs()
            .AddFilesConnector(o => o.RootPath = _root)
            .AddAgent(new AgentRole("registrar", "You file submissions.") { GrantedCapabilities = ["files.write"] })
            .MapIntentToAgent("submission.received", "registrar");
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IOperatorKernel Kernel => _services.GetRequiredService<IOperatorKernel>();

    private IApprovalQueue Approvals => _services.GetRequiredService<IApprovalQueue>();

    [Fact]
    public async Task ApprovedWrite_RunsTheFilesConnectorOnceAndJournalsEveryStepInOrder()
    {
        // Arrange
        _model.EnqueueToolCall("files__write", new Dictionary<string, object?> { ["path"] = "submissions/ada/week-1.md", ["content"] = "print(42)" })
              .EnqueueText("Filed for review.");
        Intent intent = Intent.Create("submission.received", TestJson.Parse("""{"student":"ada"}"""), "email:ada@students.example", TrustLevel.Untrusted, _clock);

        // Act
        IntentResult result = await Kernel.SubmitAsync(intent, Ct);
        ProposalResult proposal = Assert.Single(result.Proposals);
        Assert.Equal(ProposalStatus.PendingApproval, proposal.Status);
        Assert.False(File.Exists(Path.Combine(_root, "submissions/ada/week-1.md")));
        ApprovalRequest approved = await Approvals.ApproveAsync(proposal.ApprovalId!, "operator", cancellationToken: Ct);
        ApprovalRequest again = await Approvals.ApproveAsync(proposal.ApprovalId!, "operator", cancellationToken: Ct);

        // Assert: the effect happened once.
        Assert.Equal("print(42)", await File.ReadAllTextAsync(Path.Combine(_root, "submissions/ada/week-1.md"), Ct));
        Assert.Equal(approved.Outcome, again.Outcome);
        ProposalResult history = await Kernel.ProposeAsync(
            new ActionProposal("history-1", "files.history", TestJson.Parse("""{"path":"submissions/ada/week-1.md"}"""), "operator", _clock.GetUtcNow()) { ProposerKind = ActorKind.Operator },
            Ct);
        Assert.Equal(1, history.Outcome!.Output.GetProperty("versions").GetArrayLength());

        // Assert: the journal tells the story in order, and its chain holds.
        List<string> types = [];
        await foreach (JournalEvent e in _services.GetRequiredService<Journal>().ReadStreamAsync($"correlation/{intent.CorrelationId}", Ct))
        {
            types.Add(e.Type);
        }

        string[] story =
        [
            JournalEventTypes.IntentReceived, JournalEventTypes.IntentRouted, JournalEventTypes.ModelCalled, JournalEventTypes.ProposalCreated, JournalEventTypes.PolicyDecided,
            JournalEventTypes.ApprovalRequested, JournalEventTypes.ModelCalled, JournalEventTypes.AgentCompleted, JournalEventTypes.ApprovalApproved, JournalEventTypes.ActionStarted,
            JournalEventTypes.ActionCompleted, JournalEventTypes.MemoryWritten,
        ];
        Assert.Equal(story, types);
        Assert.True((await _services.GetRequiredService<Journal>().VerifyAsync(Ct)).IsIntact);

        // Assert: the outcome is a Fact with provenance.
        MemoryRecord? fact = await _services.GetRequiredService<MemoryStore>().GetAsync($"action/{proposal.Proposal.Id}", "outcome", Ct);
        Assert.NotNull(fact);
        Assert.Equal(MemoryKind.Fact, fact.Kind);
        Assert.Equal(new Provenance(ActorKind.Agent, "registrar") { ModelId = "gpt-test", InputReferences = fact.Provenance.InputReferences, ApprovalId = approved.Id }, fact.Provenance);
        Assert.Equal([$"intent/{intent.Id}"], fact.Provenance.InputReferences);
        Assert.Equal(1, fact.Version);
    }

    [Fact]
    public async Task RejectedWrite_WritesNothing()
    {
        _model.EnqueueToolCall("files__write", new Dictionary<string, object?> { ["path"] = "notes/a.md", ["content"] = "x" }).EnqueueText("ok");
        IntentResult result = await Kernel.SubmitAsync(Intent.Create("submission.received", default, "test", TrustLevel.Operator, _clock), Ct);

        await Approvals.RejectAsync(result.Proposals[0].ApprovalId!, "operator", "Not now.", Ct);

        Assert.False(File.Exists(Path.Combine(_root, "notes/a.md")));
        Assert.Null(await _services.GetRequiredService<MemoryStore>().GetAsync($"action/{result.Proposals[0].Proposal.Id}", "outcome", Ct));
    }

    [Fact]
    public async Task NotGrantedDelete_IsDeniedAndTheFileSurvives()
    {
        await File.WriteAllTextAsync(Path.Combine(_root, "keep.md"), "precious", Ct);
        _model.EnqueueToolCall("files__delete", new Dictionary<string, object?> { ["path"] = "keep.md" }).EnqueueText("deleted");

        IntentResult result = await Kernel.SubmitAsync(Intent.Create("submission.received", default, "test", TrustLevel.Untrusted, _clock), Ct);

        Assert.Equal(ProposalStatus.Denied, result.Proposals[0].Status);
        Assert.Equal("scope.not-granted", result.Proposals[0].Evaluation!.Decision.RuleId);
        Assert.Equal("precious", await File.ReadAllTextAsync(Path.Combine(_root, "keep.md"), Ct));
    }

    [Fact]
    public async Task PathTraversal_IsRefusedWithAClearErrorBeforeTheQueue()
    {
        _model.EnqueueToolCall("files__write", new Dictionary<string, object?> { ["path"] = "../../etc/cron.d/evil", ["content"] = "x" }).EnqueueText("ok");

        IntentResult result = await Kernel.SubmitAsync(Intent.Create("submission.received", default, "test", TrustLevel.Untrusted, _clock), Ct);

        ProposalResult refused = Assert.Single(result.Proposals);
        Assert.Equal(ProposalStatus.Invalid, refused.Status);
        Assert.Contains("$.path", refused.Error, StringComparison.Ordinal);
        Assert.Contains("..", refused.Error, StringComparison.Ordinal);
        Assert.Empty(await Approvals.ListPendingAsync(Ct));
        string toolResult = (string)_model.Calls[1].Messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>().Single().Result!;
        Assert.StartsWith("Failed", toolResult, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecutionRetriedByASecondKernel_AsksTheConnectorAndDoesNotWriteTwice()
    {
        // Arrange: one kernel executes; a second one (a restart, sharing the same files root) is handed the same proposal.
        ActionProposal proposal = new("prp_fixed", "files.write", TestJson.Parse("""{"path":"a.md","content":"one"}"""), "operator", _clock.GetUtcNow()) { ProposerKind = ActorKind.Operator };
        ProposalResult pending = await Kernel.ProposeAsync(proposal, Ct);
        await Approvals.ApproveAsync(pending.ApprovalId!, "operator", cancellationToken: Ct);

        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_clock);
        services.AddOperatorOs(o => o.TierDefaults[RiskTier.Internal] = PolicyVerdict.Execute).AddFilesConnector(o => o.RootPath = _root);
        await using ServiceProvider restarted = services.BuildServiceProvider();

        // Act
        ProposalResult replay = await restarted.GetRequiredService<IOperatorKernel>().ProposeAsync(proposal, Ct);

        // Assert
        Assert.Equal(ProposalStatus.Executed, replay.Status);
        ProposalResult history = await restarted.GetRequiredService<IOperatorKernel>().ProposeAsync(
            new ActionProposal("h", "files.history", TestJson.Parse("""{"path":"a.md"}"""), "operator", _clock.GetUtcNow()) { ProposerKind = ActorKind.Operator }, Ct);
        Assert.Equal(1, history.Outcome!.Output.GetProperty("versions").GetArrayLength());
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }
}
