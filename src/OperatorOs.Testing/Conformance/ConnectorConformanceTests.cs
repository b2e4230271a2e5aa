using System.Text.Json;
using Xunit;

namespace OperatorOs.Testing;

/// <summary>The behaviour every <see cref="Connector"/> must have: one effect per operation token, honest status, cancellation and
/// argument checks before any effect, and read-only registration that hides every operation with an effect.</summary>
/// <remarks>
/// Derive once per connector and implement the hooks against a real backing store or server: <see cref="CreateConnectorAsync"/>
/// gives connectors for one test, all sharing that test's store; <see cref="WriteRequest"/> names an operation with an effect;
/// <see cref="CountEffectsAsync"/> observes how often an effect really happened; <see cref="SimulateLostAcknowledgementAsync"/>
/// makes an effect happen while its caller never learns the result. Connectors the suite creates are disposed after each test;
/// override <see cref="DisposeAsyncCore"/> to release the store or server.
/// </remarks>
public abstract class ConnectorConformanceTests : IAsyncLifetime
{
    private readonly List<Connector> _created = [];

    /// <summary>Gets the cancellation token of the running test.</summary>
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Creates a connector over the test's backing store; every connector of one test shares that store.</summary>
    /// <param name="readOnly">Whether to register the connector read-only, so that it offers no operation above <see cref="RiskTier.Read"/>.</param>
    /// <returns>The connector.</returns>
    protected abstract Task<Connector> CreateConnectorAsync(bool readOnly);

    /// <summary>Returns an operation with an effect (a capability above <see cref="RiskTier.Read"/>) and valid arguments for it.</summary>
    /// <returns>The capability name and its arguments; executing them repeatedly under fresh tokens must succeed each time.</returns>
    protected abstract (string Capability, JsonElement Arguments) WriteRequest();

    /// <summary>Returns a capability the connector offers with malformed arguments, and the JSON path the error must name.</summary>
    /// <returns>The capability name, the arguments, and the path of the offending argument, for example <c>$.path</c>.</returns>
    protected abstract (string Capability, JsonElement Arguments, string Path) BadArguments();

    /// <summary>Observes, outside the connector's own ledger, how many times the effect of an operation token really happened.</summary>
    /// <param name="token">The operation token.</param>
    /// <returns>The number of effects performed under <paramref name="token"/>.</returns>
    protected abstract Task<int> CountEffectsAsync(OperationToken token);

    /// <summary>Performs a request's effect while its caller never gets the result, as in a crash between send and acknowledge.</summary>
    /// <param name="connector">The connector the test will ask about the token afterwards.</param>
    /// <param name="request">The request whose effect must happen.</param>
    /// <returns>A task that completes when the effect happened and the acknowledgement is lost.</returns>
    /// <remarks>The effect may be performed through <paramref name="connector"/> or through another instance over the same store,
    /// standing for the process that crashed; afterwards <paramref name="connector"/> must not hold the result in memory.</remarks>
    protected abstract Task SimulateLostAcknowledgementAsync(Connector connector, OperationRequest request);

    /// <inheritdoc/>
    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        foreach (Connector connector in _created)
        {
            connector.Dispose();
        }

        await DisposeAsyncCore();
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the test's backing store or server; called after the connectors are disposed.</summary>
    /// <returns>A task that completes when the resources are released.</returns>
    protected virtual ValueTask DisposeAsyncCore() => ValueTask.CompletedTask;

    [Fact]
    public async Task WriteRequest_Capability_IsOfferedAboveReadTier()
    {
        Connector connector = await CreateAsync(readOnly: false);
        (string capability, _) = WriteRequest();

        CapabilityDescriptor descriptor = connector.GetCapability(capability);

        Assert.True(descriptor.RiskTier > RiskTier.Read, $"{capability} is {descriptor.RiskTier}; the suite needs an operation with an effect.");
    }

    [Fact]
    public async Task ExecuteAsync_SameTokenTwice_PerformsOneEffectAndReturnsSameResult()
    {
        Connector connector = await CreateAsync(readOnly: false);
        OperationRequest request = NewWriteRequest();

        OperationResult first = await connector.ExecuteAsync(request, Ct);
        OperationResult second = await connector.ExecuteAsync(request, Ct);

        Assert.Equal(1, await CountEffectsAsync(request.Token));
        AssertSameResult(first, second);
        Assert.Equal(request.Token, first.Token);
        Assert.Equal(request.Capability, first.Capability);
    }

    [Fact]
    public async Task ExecuteAsync_SameTokenOnAnotherInstance_PerformsOneEffect()
    {
        Connector connector = await CreateAsync(readOnly: false);
        Connector restarted = await CreateAsync(readOnly: false);
        OperationRequest request = NewWriteRequest();

        await connector.ExecuteAsync(request, Ct);
        await restarted.ExecuteAsync(request, Ct);

        Assert.Equal(1, await CountEffectsAsync(request.Token));
    }

    [Fact]
    public async Task GetStatusAsync_BeforeAndAfterExecute_ReturnsNotFoundThenCompletedWithSameResult()
    {
        Connector connector = await CreateAsync(readOnly: false);
        OperationRequest request = NewWriteRequest();

        OperationStatus before = await connector.GetStatusAsync(request.Token, Ct);
        OperationResult result = await connector.ExecuteAsync(request, Ct);
        OperationStatus after = await connector.GetStatusAsync(request.Token, Ct);

        Assert.Equal(OperationState.NotFound, before.State);
        Assert.Equal(request.Token, before.Token);
        Assert.Null(before.Result);
        Assert.Equal(OperationState.Completed, after.State);
        Assert.Equal(request.Token, after.Token);
        Assert.NotNull(after.Result);
        AssertSameResult(result, after.Result);
    }

    [Fact]
    public async Task GetStatusAsync_AfterLostAcknowledgement_CausesNoSecondEffect()
    {
        Connector connector = await CreateAsync(readOnly: false);
        OperationRequest request = NewWriteRequest();

        await SimulateLostAcknowledgementAsync(connector, request);
        int effectsAfterCrash = await CountEffectsAsync(request.Token);
        OperationStatus status = await connector.GetStatusAsync(request.Token, Ct);

        Assert.Equal(1, effectsAfterCrash);
        Assert.Equal(request.Token, status.Token);
        if (status.State == OperationState.Completed)
        {
            Assert.NotNull(status.Result);
            Assert.Equal(request.Token, status.Result.Token);
            Assert.Equal(request.Capability, status.Result.Capability);
        }
        else
        {
            Assert.Equal(OperationState.NotFound, status.State);
            Assert.Null(status.Result);
        }

        Assert.Equal(1, await CountEffectsAsync(request.Token));
    }

    [Fact]
    public async Task ExecuteAsync_RetryAfterLostAcknowledgement_CausesNoSecondEffectAndIsThenCompleted()
    {
        Connector connector = await CreateAsync(readOnly: false);
        OperationRequest request = NewWriteRequest();
        await SimulateLostAcknowledgementAsync(connector, request);

        OperationResult retried = await connector.ExecuteAsync(request, Ct);
        OperationResult again = await connector.ExecuteAsync(request, Ct);
        OperationStatus status = await connector.GetStatusAsync(request.Token, Ct);

        Assert.Equal(1, await CountEffectsAsync(request.Token));
        Assert.Equal(request.Token, retried.Token);
        Assert.Equal(request.Capability, retried.Capability);
        AssertSameResult(retried, again);
        Assert.Equal(OperationState.Completed, status.State);
        Assert.NotNull(status.Result);
        AssertSameResult(retried, status.Result);
    }

    [Fact]
    public async Task ExecuteAsync_AlreadyCancelled_ThrowsOperationCanceledAndPerformsNoEffect()
    {
        Connector connector = await CreateAsync(readOnly: false);
        OperationRequest request = NewWriteRequest();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => connector.ExecuteAsync(request, new CancellationToken(canceled: true)));

        Assert.Equal(0, await CountEffectsAsync(request.Token));
        Assert.Equal(OperationState.NotFound, (await connector.GetStatusAsync(request.Token, Ct)).State);
    }

    [Fact]
    public async Task ExecuteAsync_AfterCancelledAttempt_PerformsTheEffectOnce()
    {
        Connector connector = await CreateAsync(readOnly: false);
        OperationRequest request = NewWriteRequest();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => connector.ExecuteAsync(request, new CancellationToken(canceled: true)));

        OperationResult result = await connector.ExecuteAsync(request, Ct);

        Assert.Equal(request.Token, result.Token);
        Assert.Equal(1, await CountEffectsAsync(request.Token));
    }

    [Fact]
    public async Task ExecuteAsync_BadArguments_ThrowsConnectorArgumentExceptionNamingThePathBeforeAnyEffect()
    {
        Connector connector = await CreateAsync(readOnly: false);
        (string capability, JsonElement arguments, string path) = BadArguments();
        var request = new OperationRequest(capability, arguments, NewToken());

        ConnectorArgumentException ex = await Assert.ThrowsAsync<ConnectorArgumentException>(() => connector.ExecuteAsync(request, Ct));

        Assert.Equal(capability, ex.Capability);
        Assert.Equal(path, ex.Path);
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, await CountEffectsAsync(request.Token));
        Assert.Equal(OperationState.NotFound, (await connector.GetStatusAsync(request.Token, Ct)).State);
    }

    [Fact]
    public async Task ValidateArguments_BadArguments_ThrowsConnectorArgumentExceptionNamingThePath()
    {
        Connector connector = await CreateAsync(readOnly: false);
        (string capability, JsonElement arguments, string path) = BadArguments();

        ConnectorArgumentException ex = Assert.Throws<ConnectorArgumentException>(() => connector.ValidateArguments(capability, arguments));

        Assert.Equal(capability, ex.Capability);
        Assert.Equal(path, ex.Path);
    }

    [Fact]
    public async Task ValidateArguments_WriteRequest_Accepts()
    {
        Connector connector = await CreateAsync(readOnly: false);
        (string capability, JsonElement arguments) = WriteRequest();

        connector.ValidateArguments(capability, arguments);
    }

    [Fact]
    public async Task ValidateArguments_ArgumentsNotAnObject_ThrowsConnectorArgumentExceptionAtRoot()
    {
        Connector connector = await CreateAsync(readOnly: false);
        (string capability, _) = WriteRequest();
        using JsonDocument array = JsonDocument.Parse("[]");

        ConnectorArgumentException ex = Assert.Throws<ConnectorArgumentException>(() => connector.ValidateArguments(capability, array.RootElement));

        Assert.Equal("$", ex.Path);
    }

    [Fact]
    public async Task ReadOnly_Capabilities_ExposeNothingAboveReadTier()
    {
        Connector connector = await CreateAsync(readOnly: true);
        (string capability, _) = WriteRequest();

        Assert.All(connector.Capabilities, c => Assert.Equal(RiskTier.Read, c.RiskTier));
        Assert.DoesNotContain(connector.Capabilities, c => c.Name == capability);
        Assert.Throws<UnknownCapabilityException>(() => connector.GetCapability(capability));
    }

    [Fact]
    public async Task ReadOnly_ExecuteWriteCapability_ThrowsUnknownCapabilityAndPerformsNoEffect()
    {
        Connector connector = await CreateAsync(readOnly: true);
        OperationRequest request = NewWriteRequest();

        UnknownCapabilityException ex = await Assert.ThrowsAsync<UnknownCapabilityException>(() => connector.ExecuteAsync(request, Ct));

        Assert.Equal(request.Capability, ex.Capability);
        Assert.Throws<UnknownCapabilityException>(() => connector.ValidateArguments(request.Capability, request.Arguments));
        Assert.Equal(0, await CountEffectsAsync(request.Token));
        Assert.Equal(OperationState.NotFound, (await connector.GetStatusAsync(request.Token, Ct)).State);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Capabilities_EveryDescriptor_HasValidUniqueNameAndObjectSchema(bool readOnly)
    {
        Connector connector = await CreateAsync(readOnly);

        Assert.NotEmpty(connector.Capabilities);
        Assert.All(connector.Capabilities, descriptor =>
        {
            Assert.True(IntentName.IsValid(descriptor.Name), $"'{descriptor.Name}' is not a valid capability name ({IntentName.Rule}).");
            Assert.False(string.IsNullOrWhiteSpace(descriptor.Description), $"{descriptor.Name} has no description.");
            Assert.True(Enum.IsDefined(descriptor.RiskTier), $"{descriptor.Name} has an undefined risk tier.");
            Assert.Equal(JsonValueKind.Object, descriptor.ArgumentsSchema.ValueKind);
            Assert.True(descriptor.ArgumentsSchema.TryGetProperty("type", out JsonElement type), $"{descriptor.Name}'s schema has no type.");
            Assert.Equal("object", type.GetString());
            Assert.Same(descriptor, connector.GetCapability(descriptor.Name));
        });
        Assert.Equal(connector.Capabilities.Count, connector.Capabilities.Select(c => c.Name).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task ValidateArguments_UnknownCapability_ThrowsUnknownCapabilityException()
    {
        Connector connector = await CreateAsync(readOnly: false);
        using JsonDocument empty = JsonDocument.Parse("{}");

        UnknownCapabilityException ex = Assert.Throws<UnknownCapabilityException>(() => connector.ValidateArguments("conformance.no_such_capability", empty.RootElement));

        Assert.Equal("conformance.no_such_capability", ex.Capability);
    }

    [Fact]
    public async Task ExecuteAsync_UnknownCapability_ThrowsUnknownCapabilityException()
    {
        Connector connector = await CreateAsync(readOnly: false);
        using JsonDocument empty = JsonDocument.Parse("{}");
        var request = new OperationRequest("conformance.no_such_capability", empty.RootElement, NewToken());

        await Assert.ThrowsAsync<UnknownCapabilityException>(() => connector.ExecuteAsync(request, Ct));

        Assert.Equal(OperationState.NotFound, (await connector.GetStatusAsync(request.Token, Ct)).State);
    }

    /// <summary>Returns a fresh token, unique to the call.</summary>
    /// <returns>The token.</returns>
    protected static OperationToken NewToken() => new($"conformance:{Guid.NewGuid():N}");

    private static void AssertSameResult(OperationResult expected, OperationResult actual)
    {
        Assert.Equal(expected.Token, actual.Token);
        Assert.Equal(expected.Capability, actual.Capability);
        Assert.Equal(expected.Summary, actual.Summary);
        Assert.Equal(expected.CompletedAt, actual.CompletedAt);
        Assert.True(JsonElement.DeepEquals(expected.Output, actual.Output), $"The outputs differ: {expected.Output.GetRawText()} vs {actual.Output.GetRawText()}.");
    }

    private OperationRequest NewWriteRequest()
    {
        (string capability, JsonElement arguments) = WriteRequest();
        return new OperationRequest(capability, arguments, NewToken());
    }

    private async Task<Connector> CreateAsync(bool readOnly)
    {
        Connector connector = await CreateConnectorAsync(readOnly);
        _created.Add(connector);
        return connector;
    }
}
