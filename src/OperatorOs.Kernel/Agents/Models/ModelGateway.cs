using System.Collections.Concurrent;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace OperatorOs;

/// <summary>The one way agents reach a model: budgets checked first, then timeouts, jittered retries and a circuit breaker per tier, then usage recorded.</summary>
/// <remarks>A tier that still fails is reported, not thrown: the runtime falls back along the chain and the system shows as degraded.</remarks>
internal sealed class ModelGateway
{
    private readonly IServiceProvider _services;
    private readonly IOptionsMonitor<OperatorOsOptions> _options;
    private readonly UsageLedger _ledger;
    private readonly OperatorStatusTracker _status;
    private readonly KernelJournal _journal;
    private readonly OperatorOsTelemetry _telemetry;
    private readonly TimeProvider _timeProvider;
    private readonly ConcurrentDictionary<string, (ModelOptions Source, ResiliencePipeline Pipeline)> _pipelines = new(StringComparer.Ordinal);

    public ModelGateway(
        IServiceProvider services, IOptionsMonitor<OperatorOsOptions> options, UsageLedger ledger, OperatorStatusTracker status,
        KernelJournal journal, OperatorOsTelemetry telemetry, TimeProvider timeProvider)
    {
        _services = services;
        _options = options;
        _ledger = ledger;
        _status = status;
        _journal = journal;
        _telemetry = telemetry;
        _timeProvider = timeProvider;
    }

    /// <summary>The tiers to try for an agent starting on <paramref name="start"/>: that tier, then each cheaper configured tier that is registered.</summary>
    public IReadOnlyList<ModelTier> ChainFrom(object? start)
    {
        var chain = new List<ModelTier>();
        IList<string> tiers = _options.CurrentValue.Models.Tiers;
        int index = start is string name ? tiers.IndexOf(name) : -1;
        if (index < 0)
        {
            if (Resolve(start) is { } only)
            {
                chain.Add(only);
            }

            return chain;
        }

        for (int i = index; i >= 0; i--)
        {
            if (Resolve(tiers[i]) is { } tier)
            {
                chain.Add(tier);
            }
        }

        return chain;
    }

    public ModelTier? Resolve(object? key)
    {
        IChatClient? client = key is null ? _services.GetService<IChatClient>() : _services.GetKeyedService<IChatClient>(key);
        return client is null ? null : new ModelTier(key, client);
    }

    public async Task<ModelCall> CallAsync(ModelTier tier, bool preferred, ModelCallScope scope, IReadOnlyList<ChatMessage> messages, ChatOptions options, CancellationToken cancellationToken)
    {
        ModelOptions models = _options.CurrentValue.Models;
        ModelPrice? price = models.PriceOf(tier.ModelId, tier.Name);
        long estimatedInput = TokenEstimator.CountRequest(messages, options);
        long estimatedTokens = estimatedInput + models.EstimatedOutputTokens;
        decimal estimatedCost = price?.Cost(estimatedInput, models.EstimatedOutputTokens) ?? 0;

        BudgetCheck check = await _ledger.TryReserveAsync(scope.Agent, scope.Workflow, estimatedTokens, estimatedCost, cancellationToken).ConfigureAwait(false);
        if (check.Reservation is not { } reservation)
        {
            await _journal.ModelBudgetExceededAsync(scope, tier.Name, check.Exceeded!, cancellationToken).ConfigureAwait(false);
            await DegradeAsync(scope, $"Budget: {check.Exceeded}", cancellationToken).ConfigureAwait(false);
            return ModelCall.Refused(check.Exceeded!);
        }

        ChatResponse response;
        try
        {
            response = await PipelineFor(tier.Name, models).ExecuteAsync(
                static (state, token) => new ValueTask<ChatResponse>(state.tier.Client.GetResponseAsync(state.messages, state.options, token)),
                (tier, messages, options),
                cancellationToken).ConfigureAwait(false);
            if (response.Messages.Count == 0 || response.Messages.All(m => m.Contents.Count == 0))
            {
                throw new InvalidOperationException("The model returned an empty response.");
            }
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            _ledger.Release(reservation);
            string reason = $"Model tier '{tier.Name}' failed: {ModelFailures.Describe(exception)}.";
            await _journal.ModelFailedAsync(scope, tier.Name, reason, cancellationToken).ConfigureAwait(false);
            await DegradeAsync(scope, reason, cancellationToken).ConfigureAwait(false);
            return ModelCall.Failed(reason);
        }
        catch
        {
            _ledger.Release(reservation);
            throw;
        }

        string? modelId = response.ModelId ?? tier.ModelId;
        bool estimated = response.Usage?.InputTokenCount is null || response.Usage?.OutputTokenCount is null;
        long input = response.Usage?.InputTokenCount ?? estimatedInput;
        long output = response.Usage?.OutputTokenCount ?? TokenEstimator.CountResponse(response);
        decimal cost = models.PriceOf(modelId, tier.Name)?.Cost(input, output) ?? 0;
        var usage = new ModelUsage(1, input, output, cost);

        await _ledger.RecordAsync(reservation, scope.Agent, scope.Workflow, modelId, usage, cancellationToken).ConfigureAwait(false);
        _telemetry.RecordModelUsage(scope.Agent, scope.Workflow, modelId ?? tier.Name, usage);
        await _journal.ModelCalledAsync(scope, tier.Name, modelId, usage, estimated, cancellationToken).ConfigureAwait(false);
        if (preferred && _status.ReportRecovered())
        {
            await _journal.OperatorStatusChangedAsync(JournalEventTypes.OperatorRecovered, $"Model tier '{tier.Name}' answers again.", scope.CorrelationId, cancellationToken).ConfigureAwait(false);
        }

        return ModelCall.Answered(response);
    }

    /// <summary>Shows the system as degraded for a reason found outside a call (a model whose answers cannot be used); the next good answer clears it.</summary>
    public Task ReportDegradedAsync(ModelCallScope scope, string reason, CancellationToken cancellationToken) => DegradeAsync(scope, reason, cancellationToken);

    private async Task DegradeAsync(ModelCallScope scope, string reason, CancellationToken cancellationToken)
    {
        if (_status.ReportDegraded(reason))
        {
            await _journal.OperatorStatusChangedAsync(JournalEventTypes.OperatorDegraded, reason, scope.CorrelationId, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Gets the tier's pipeline, built once per options instance: a reload (a new <see cref="ModelOptions"/>) rebuilds it, resetting its breaker.</summary>
    private ResiliencePipeline PipelineFor(string tier, ModelOptions models)
    {
        if (_pipelines.TryGetValue(tier, out (ModelOptions Source, ResiliencePipeline Pipeline) cached) && ReferenceEquals(cached.Source, models))
        {
            return cached.Pipeline;
        }

        ResiliencePipeline pipeline = BuildPipeline(models);
        _pipelines[tier] = (models, pipeline);
        return pipeline;
    }

    private ResiliencePipeline BuildPipeline(ModelOptions models)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = _timeProvider };
        if (models.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = models.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = models.RetryDelay,
                // A provider asking to wait longer than we are willing to is as good as down: fall back instead.
                ShouldHandle = args => new ValueTask<bool>(args.Outcome.Exception is { } e && ModelFailures.IsTransient(e, models) &&
                    !(ModelFailures.RetryAfter(e, models) > models.MaxRetryAfter)),
                DelayGenerator = args => new ValueTask<TimeSpan?>(ModelFailures.RetryAfter(args.Outcome.Exception, models)),
            });
        }

        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            FailureRatio = models.BreakerFailureRatio,
            MinimumThroughput = models.BreakerMinimumThroughput,
            SamplingDuration = models.BreakerSamplingDuration,
            BreakDuration = models.BreakDuration,
            ShouldHandle = args => new ValueTask<bool>(args.Outcome.Exception is { } e && e is not OperationCanceledException),
        });
        builder.AddTimeout(models.CallTimeout);
        return builder.Build();
    }
}
