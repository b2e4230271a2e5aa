using Microsoft.Extensions.Time.Testing;

namespace OperatorOs.Testing.Tests;

public class RecordingConnectorTests
{
    private static readonly DateTimeOffset Start = new(2026, 9, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Capability_NameAndTier_DescribesAnOpenObjectSchema()
    {
        CapabilityDescriptor descriptor = RecordingConnector.Capability("mail.send", RiskTier.External);

        Assert.Equal("mail.send", descriptor.Name);
        Assert.Equal(RiskTier.External, descriptor.RiskTier);
        Assert.Equal("object", descriptor.ArgumentsSchema.GetProperty("type").GetString());
        Assert.Contains("mail.send", descriptor.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_Capabilities_AreOfferedInOrder()
    {
        using RecordingConnector connector = Connector();

        Assert.Equal("test", connector.Name);
        Assert.Equal(["notes.read", "notes.write", "mail.send"], connector.Capabilities.Select(c => c.Name));
        Assert.Empty(connector.Effects);
        Assert.Equal(0, connector.ExecuteCalls);
    }

    [Fact]
    public void Constructor_CapabilitiesSnapshot_LaterChangesToTheSourceAreIgnored()
    {
        var source = new List<CapabilityDescriptor> { RecordingConnector.Capability("notes.read", RiskTier.Read) };
        using var connector = new RecordingConnector("test", source);

        source.Add(RecordingConnector.Capability("notes.write", RiskTier.Internal));

        Assert.Single(connector.Capabilities);
    }

    [Fact]
    public async Task ExecuteAsync_NoCallback_EchoesTheArgumentsAndRecordsTheEffect()
    {
        // Arrange
        var clock = new FakeTimeProvider(Start);
        using RecordingConnector connector = Connector(clock);
        var request = new OperationRequest("notes.write", TestJson.Parse("""{"text":"hi"}"""), OperationToken.ForProposal("p-1"));

        // Act
        OperationResult result = await connector.ExecuteAsync(request, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(request.Token, result.Token);
        Assert.Equal("notes.write", result.Capability);
        Assert.Equal("hi", result.Output.GetProperty("text").GetString());
        Assert.Equal("notes.write done", result.Summary);
        Assert.Equal(Start, result.CompletedAt);
        Assert.Same(request, Assert.Single(connector.Effects));
        Assert.Equal(1, connector.ExecuteCalls);
    }

    [Fact]
    public async Task ExecuteAsync_SameTokenTwice_PerformsOneEffectAndCountsTwoCalls()
    {
        // Arrange
        using RecordingConnector connector = Connector();
        OperationToken token = OperationToken.ForProposal("p-1");
        int callbackCalls = 0;
        connector.ExecuteAsyncCallback = (request, _) =>
        {
            callbackCalls++;
            return Task.FromResult(TestJson.Parse($$"""{"call":{{callbackCalls}}}"""));
        };

        // Act
        OperationResult first = await connector.ExecuteAsync(new OperationRequest("notes.write", TestJson.Parse("""{"v":1}"""), token), TestContext.Current.CancellationToken);
        OperationResult second = await connector.ExecuteAsync(new OperationRequest("notes.write", TestJson.Parse("""{"v":2}"""), token), TestContext.Current.CancellationToken);

        // Assert
        Assert.Same(first, second);
        Assert.Equal(1, second.Output.GetProperty("call").GetInt32());
        Assert.Single(connector.Effects);
        Assert.Equal(1, connector.Effects[0].Arguments.GetProperty("v").GetInt32());
        Assert.Equal(2, connector.ExecuteCalls);
        Assert.Equal(1, callbackCalls);
    }

    [Fact]
    public async Task ExecuteAsync_DifferentTokens_PerformsEachEffectInOrder()
    {
        using RecordingConnector connector = Connector();

        for (int i = 0; i < 5; i++)
        {
            _ = await connector.ExecuteAsync(new OperationRequest("notes.write", TestJson.Parse($$"""{"i":{{i}}}"""), OperationToken.ForProposal($"p-{i}")), TestContext.Current.CancellationToken);
        }

        Assert.Equal([0, 1, 2, 3, 4], connector.Effects.Select(e => e.Arguments.GetProperty("i").GetInt32()));
        Assert.Equal(5, connector.ExecuteCalls);
    }

    [Fact]
    public async Task ExecuteAsync_SameTokenConcurrently_PerformsOneEffect()
    {
        // Arrange
        using RecordingConnector connector = Connector();
        OperationToken token = OperationToken.ForFlowStep("flow-1", "send");

        // Act
        OperationResult[] results = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ =>
            Task.Run(() => connector.ExecuteAsync(new OperationRequest("mail.send", TestJson.Parse("{}"), token), TestContext.Current.CancellationToken))));

        // Assert
        Assert.Single(connector.Effects);
        Assert.Equal(32, connector.ExecuteCalls);
        Assert.All(results, r => Assert.Same(results[0], r));
    }

    [Fact]
    public async Task ExecuteAsync_SameTokenConcurrentlyInsideTheCallback_StillPerformsOneEffect()
    {
        // Arrange: hold every call inside the callback until all have passed the ledger check.
        const int Calls = 8;
        using RecordingConnector connector = Connector();
        OperationToken token = OperationToken.ForProposal("p-1");
        var allInside = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int inside = 0;
        connector.ExecuteAsyncCallback = async (request, _) =>
        {
            if (Interlocked.Increment(ref inside) == Calls)
            {
                allInside.SetResult();
            }

            await allInside.Task;
            return TestJson.Parse($$"""{"caller":{{request.Arguments.GetProperty("caller").GetInt32()}}}""");
        };

        // Act
        OperationResult[] results = await Task.WhenAll(Enumerable.Range(0, Calls).Select(i =>
            Task.Run(() => connector.ExecuteAsync(new OperationRequest("mail.send", TestJson.Parse($$"""{"caller":{{i}}}"""), token), TestContext.Current.CancellationToken))));

        // Assert
        OperationRequest effect = Assert.Single(connector.Effects);
        Assert.All(results, r => Assert.Same(results[0], r));
        Assert.Equal(effect.Arguments.GetProperty("caller").GetInt32(), results[0].Output.GetProperty("caller").GetInt32());
        Assert.Same(results[0], (await connector.GetStatusAsync(token, TestContext.Current.CancellationToken)).Result);
    }

    [Fact]
    public async Task ExecuteAsync_Callback_ItsOutputIsUsedAndItSeesTheRequest()
    {
        // Arrange
        using RecordingConnector connector = Connector();
        OperationRequest? seen = null;
        connector.ExecuteAsyncCallback = (request, _) =>
        {
            seen = request;
            return Task.FromResult(TestJson.Parse("""{"messageId":"m-42"}"""));
        };
        var request = new OperationRequest("mail.send", TestJson.Parse("""{"to":"a@example.com"}"""), OperationToken.ForProposal("p-1"));

        // Act
        OperationResult result = await connector.ExecuteAsync(request, TestContext.Current.CancellationToken);

        // Assert
        Assert.Same(request, seen);
        Assert.Equal("m-42", result.Output.GetProperty("messageId").GetString());
        OperationStatus status = await connector.GetStatusAsync(request.Token, TestContext.Current.CancellationToken);
        Assert.Equal("m-42", status.Result!.Output.GetProperty("messageId").GetString());
    }

    [Fact]
    public async Task ExecuteAsync_CallbackThrows_RecordsNothingAndARetrySucceeds()
    {
        // Arrange
        using RecordingConnector connector = Connector();
        OperationToken token = OperationToken.ForProposal("p-1");
        connector.ExecuteAsyncCallback = (_, _) => throw new ConnectorException("test", "smtp refused", isTransient: true);

        // Act
        var error = await Assert.ThrowsAsync<ConnectorException>(() => connector.ExecuteAsync(new OperationRequest("mail.send", TestJson.Parse("{}"), token), TestContext.Current.CancellationToken));

        // Assert
        Assert.True(error.IsTransient);
        Assert.Empty(connector.Effects);
        Assert.Equal(OperationState.NotFound, (await connector.GetStatusAsync(token, TestContext.Current.CancellationToken)).State);

        connector.ExecuteAsyncCallback = null;
        _ = await connector.ExecuteAsync(new OperationRequest("mail.send", TestJson.Parse("{}"), token), TestContext.Current.CancellationToken);
        Assert.Single(connector.Effects);
        Assert.Equal(2, connector.ExecuteCalls);
    }

    [Fact]
    public async Task ExecuteAsync_LoseNextAcknowledgement_RecordsTheEffectThenThrowsTransient()
    {
        // Arrange
        using RecordingConnector connector = Connector();
        connector.LoseNextAcknowledgement = true;
        var request = new OperationRequest("mail.send", TestJson.Parse("""{"to":"a@example.com"}"""), OperationToken.ForProposal("p-1"));

        // Act
        var error = await Assert.ThrowsAsync<ConnectorException>(() => connector.ExecuteAsync(request, TestContext.Current.CancellationToken));

        // Assert
        Assert.True(error.IsTransient);
        Assert.Equal("test", error.Connector);
        Assert.Same(request, Assert.Single(connector.Effects));
        Assert.False(connector.LoseNextAcknowledgement);
        OperationStatus status = await connector.GetStatusAsync(request.Token, TestContext.Current.CancellationToken);
        Assert.Equal(OperationState.Completed, status.State);
        Assert.Equal(request.Token, status.Token);
        Assert.Equal("a@example.com", status.Result!.Output.GetProperty("to").GetString());
    }

    [Fact]
    public async Task ExecuteAsync_RetryAfterLostAcknowledgement_ReturnsTheRecordedResultWithoutASecondEffect()
    {
        using RecordingConnector connector = Connector();
        connector.LoseNextAcknowledgement = true;
        var request = new OperationRequest("mail.send", TestJson.Parse("{}"), OperationToken.ForProposal("p-1"));
        _ = await Assert.ThrowsAsync<ConnectorException>(() => connector.ExecuteAsync(request, TestContext.Current.CancellationToken));

        OperationResult retried = await connector.ExecuteAsync(request, TestContext.Current.CancellationToken);

        Assert.Same((await connector.GetStatusAsync(request.Token, TestContext.Current.CancellationToken)).Result, retried);
        Assert.Single(connector.Effects);
        Assert.Equal(2, connector.ExecuteCalls);
    }

    [Fact]
    public async Task ExecuteAsync_LoseNextAcknowledgement_OnlyTheNextCallLosesIt()
    {
        using RecordingConnector connector = Connector();
        connector.LoseNextAcknowledgement = true;
        _ = await Assert.ThrowsAsync<ConnectorException>(() => connector.ExecuteAsync(new OperationRequest("notes.write", TestJson.Parse("{}"), OperationToken.ForProposal("p-1")), TestContext.Current.CancellationToken));

        OperationResult next = await connector.ExecuteAsync(new OperationRequest("notes.write", TestJson.Parse("{}"), OperationToken.ForProposal("p-2")), TestContext.Current.CancellationToken);

        Assert.Equal(OperationToken.ForProposal("p-2"), next.Token);
        Assert.Equal(2, connector.Effects.Count);
    }

    [Fact]
    public async Task ExecuteAsync_LoseNextAcknowledgementOnReplay_StaysArmedForTheNextNewEffect()
    {
        // A replay answered from the ledger performs no effect, so there is no acknowledgement to lose.
        using RecordingConnector connector = Connector();
        var request = new OperationRequest("notes.write", TestJson.Parse("{}"), OperationToken.ForProposal("p-1"));
        OperationResult first = await connector.ExecuteAsync(request, TestContext.Current.CancellationToken);
        connector.LoseNextAcknowledgement = true;

        OperationResult replay = await connector.ExecuteAsync(request, TestContext.Current.CancellationToken);

        Assert.Same(first, replay);
        Assert.True(connector.LoseNextAcknowledgement);
    }

    [Fact]
    public async Task ExecuteAsync_UnknownCapability_ThrowsAndRecordsNoEffect()
    {
        using RecordingConnector connector = Connector();
        var request = new OperationRequest("billing.refund", TestJson.Parse("{}"), OperationToken.ForProposal("p-1"));

        var error = await Assert.ThrowsAsync<UnknownCapabilityException>(() => connector.ExecuteAsync(request, TestContext.Current.CancellationToken));

        Assert.Equal("billing.refund", error.Capability);
        Assert.Empty(connector.Effects);
        Assert.Equal(1, connector.ExecuteCalls);
        Assert.Equal(OperationState.NotFound, (await connector.GetStatusAsync(request.Token, TestContext.Current.CancellationToken)).State);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"x\"")]
    [InlineData("null")]
    public async Task ExecuteAsync_NonObjectArguments_ThrowsAndRecordsNoEffect(string json)
    {
        using RecordingConnector connector = Connector();

        var error = await Assert.ThrowsAsync<ConnectorArgumentException>(() =>
            connector.ExecuteAsync(new OperationRequest("notes.write", TestJson.Parse(json), OperationToken.ForProposal("p-1")), TestContext.Current.CancellationToken));

        Assert.Equal("$", error.Path);
        Assert.Empty(connector.Effects);
    }

    [Fact]
    public async Task ExecuteAsync_CanceledToken_ThrowsAndRecordsNoEffect()
    {
        using RecordingConnector connector = Connector();
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            connector.ExecuteAsync(new OperationRequest("notes.write", TestJson.Parse("{}"), OperationToken.ForProposal("p-1")), cts.Token));

        Assert.Empty(connector.Effects);
    }

    [Fact]
    public async Task ExecuteAsync_Null_ThrowsArgumentNull()
    {
        using RecordingConnector connector = Connector();

        await Assert.ThrowsAsync<ArgumentNullException>(() => connector.ExecuteAsync(null!, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task GetStatusAsync_UnknownToken_ReportsNotFound()
    {
        using RecordingConnector connector = Connector();
        _ = await connector.ExecuteAsync(new OperationRequest("notes.write", TestJson.Parse("{}"), OperationToken.ForProposal("p-1")), TestContext.Current.CancellationToken);
        OperationToken unknown = OperationToken.ForProposal("p-2");

        OperationStatus status = await connector.GetStatusAsync(unknown, TestContext.Current.CancellationToken);

        Assert.Equal(OperationState.NotFound, status.State);
        Assert.Equal(unknown, status.Token);
        Assert.Null(status.Result);
    }

    [Fact]
    public async Task GetStatusAsync_CompletedToken_ReportsTheResult()
    {
        using RecordingConnector connector = Connector();
        OperationResult result = await connector.ExecuteAsync(new OperationRequest("notes.write", TestJson.Parse("{}"), OperationToken.ForProposal("p-1")), TestContext.Current.CancellationToken);

        OperationStatus status = await connector.GetStatusAsync(OperationToken.ForProposal("p-1"), TestContext.Current.CancellationToken);

        Assert.Equal(OperationState.Completed, status.State);
        Assert.Same(result, status.Result);
    }

    [Fact]
    public async Task Effects_ReturnsASnapshot()
    {
        using RecordingConnector connector = Connector();
        IReadOnlyList<OperationRequest> before = connector.Effects;

        _ = await connector.ExecuteAsync(new OperationRequest("notes.write", TestJson.Parse("{}"), OperationToken.ForProposal("p-1")), TestContext.Current.CancellationToken);

        Assert.Empty(before);
        Assert.Single(connector.Effects);
    }

    private static RecordingConnector Connector(TimeProvider? clock = null) =>
        new("test",
        [
            RecordingConnector.Capability("notes.read", RiskTier.Read),
            RecordingConnector.Capability("notes.write", RiskTier.Internal),
            RecordingConnector.Capability("mail.send", RiskTier.External),
        ], clock);
}
