using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;
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

    // Per tier client: the reader of its response cache, or none; weak, so a client the container drops is not held.
    private readonly ConditionalWeakTable<IChatClient, CacheSlot> _caches = new();

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

        // The call may not write more than was reserved for it: a caller's smaller cap is kept (and only it is reserved),
        // a larger one or none becomes the reservation's. The caller's options are cloned, never changed.
        int allowance = Math.Min(options.MaxOutputTokens ?? int.MaxValue, models.EstimatedOutputTokens);
        if (options.MaxOutputTokens != allowance)
        {
            options = options.Clone();
            options.MaxOutputTokens = allowance;
        }

        // An answer the tier's cache already holds is given before anything is reserved: it costs nothing, so no budget can refuse it.
        if (await ReadCacheAsync(tier, messages, options, cancellationToken).ConfigureAwait(false) is { } cached)
        {
            string? cachedModel = cached.ModelId ?? tier.ModelId;
            _telemetry.RecordCacheHit(scope.Agent, cachedModel ?? tier.Name);
            await _journal.ModelCalledAsync(scope, tier.Name, cachedModel, default, estimated: false, timedOut: false, cached: true, cancellationToken).ConfigureAwait(false);
            return ModelCall.Answered(cached);
        }

        ModelPrice? price = models.PriceOf(tier.ModelId, tier.Name);
        long estimatedInput = TokenEstimator.CountRequest(messages, options);
        decimal estimatedCost = price?.Cost(estimatedInput, allowance) ?? 0;

        BudgetCheck check = await _ledger.TryReserveAsync(scope.Agent, scope.Workflow, estimatedInput + allowance, estimatedCost, cancellationToken).ConfigureAwait(false);
        if (check.Reservation is not { } first)
        {
            return await RefuseAsync(scope, tier, check.Exceeded!, cancellationToken).ConfigureAwait(false);
        }

        var attempts = new ModelCallAttempts(_ledger, tier, scope, messages, options, estimatedInput, allowance, estimatedCost, first, ChargeTimedOutAsync, cancellationToken);
        ChatResponse response;
        BudgetReservation reservation;
        try
        {
            (response, reservation) = await PipelineFor(tier.Name, models).ExecuteAsync(
                static (attempts, token) => attempts.RunAsync(token), attempts, cancellationToken).ConfigureAwait(false);
        }
        catch (ModelBudgetRefusedException refused) when (!cancellationToken.IsCancellationRequested)
        {
            return await RefuseAsync(scope, tier, refused.Message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Each attempt settled its own reservation: released, or charged when it timed out.
            return await FailAsync(scope, tier, exception, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            attempts.ReleaseUnused();
        }

        if (response.Messages.Count == 0 || response.Messages.All(m => m.Contents.Count == 0))
        {
            _ledger.Release(reservation);
            return await FailAsync(scope, tier, new InvalidOperationException("The model returned an empty response."), cancellationToken).ConfigureAwait(false);
        }

        string? modelId = response.ModelId ?? tier.ModelId;
        bool estimated = response.Usage?.InputTokenCount is null || response.Usage?.OutputTokenCount is null;
        long input = response.Usage?.InputTokenCount ?? estimatedInput;
        long output = response.Usage?.OutputTokenCount ?? TokenEstimator.CountResponse(response);
        decimal cost = models.PriceOf(modelId, tier.Name)?.Cost(input, output) ?? 0;
        var usage = new ModelUsage(1, input, output, cost);

        await _ledger.RecordAsync(reservation, scope.Agent, scope.Workflow, modelId, usage, cancellationToken).ConfigureAwait(false);
        _telemetry.RecordModelUsage(scope.Agent, scope.Workflow, modelId ?? tier.Name, usage);
        await _journal.ModelCalledAsync(scope, tier.Name, modelId, usage, estimated, timedOut: false, cached: false, cancellationToken).ConfigureAwait(false);
        if (reservation.Accounts.Count > 0 && (usage.TotalTokens > reservation.Tokens || usage.Cost > reservation.Cost))
        {
            // A provider that ignored the cap, or an input the estimate undercounted: the spend is real and recorded, and said out loud,
            // naming every budget it took past its limit (their next calls are refused).
            IReadOnlyList<string> overrun = await _ledger.BudgetsOverrunAsync(scope.Agent, scope.Workflow, cancellationToken).ConfigureAwait(false);
            _telemetry.RecordReservationOverrun(scope.Agent, scope.Workflow);
            await _journal.ModelReservationOverrunAsync(scope, tier.Name, modelId, reservation, usage, overrun, cancellationToken).ConfigureAwait(false);
        }

        if (preferred && _status.ReportRecovered())
        {
            (string type, string reason) = _status.AfterRecovery($"Model tier '{tier.Name}' answers again.");
            await _journal.OperatorStatusChangedAsync(type, reason, scope.CorrelationId, cancellationToken).ConfigureAwait(false);
        }

        return ModelCall.Answered(response);
    }

    private async Task<ChatResponse?> ReadCacheAsync(ModelTier tier, IReadOnlyList<ChatMessage> messages, ChatOptions options, CancellationToken cancellationToken)
    {
        ModelResponseCache? cache = _caches.GetValue(tier.Client, client => new CacheSlot(ModelResponseCache.For(client, _services.GetService<IDistributedCache>()))).Cache;
        if (cache is null)
        {
            return null;
        }

        ChatResponse? cached;
        try
        {
            cached = await cache.TryReadAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // A cache that cannot be read is a miss: the call goes to the tier and is charged.
            return null;
        }

        return cached is { Messages.Count: > 0 } && cached.Messages.Any(m => m.Contents.Count > 0) ? cached : null;
    }

    private async Task<ModelCall> RefuseAsync(ModelCallScope scope, ModelTier tier, string exceeded, CancellationToken cancellationToken)
    {
        await _journal.ModelBudgetExceededAsync(scope, tier.Name, exceeded, cancellationToken).ConfigureAwait(false);
        await DegradeAsync(scope, $"Budget: {exceeded}", cancellationToken).ConfigureAwait(false);
        return ModelCall.Refused(exceeded);
    }

    private async Task<ModelCall> FailAsync(ModelCallScope scope, ModelTier tier, Exception exception, CancellationToken cancellationToken)
    {
        string reason = $"Model tier '{tier.Name}' failed: {ModelFailures.Describe(exception)}.";
        await _journal.ModelFailedAsync(scope, tier.Name, reason, cancellationToken).ConfigureAwait(false);
        await DegradeAsync(scope, reason, cancellationToken).ConfigureAwait(false);
        return ModelCall.Failed(reason);
    }

    // Counted at the attempt's estimate, marked estimated and timed out: what it really cost, no one will report.
    private async Task ChargeTimedOutAsync(ModelCallAttempts attempt, BudgetReservation reservation, CancellationToken cancellationToken)
    {
        ModelCallScope scope = attempt.Scope;
        var usage = new ModelUsage(1, attempt.EstimatedInput, attempt.OutputAllowance, attempt.EstimatedCost);
        await _ledger.RecordAsync(reservation, scope.Agent, scope.Workflow, attempt.Tier.ModelId, usage, cancellationToken).ConfigureAwait(false);
        _telemetry.RecordModelUsage(scope.Agent, scope.Workflow, attempt.Tier.ModelId ?? attempt.Tier.Name, usage);
        await _journal.ModelCalledAsync(scope, attempt.Tier.Name, attempt.Tier.ModelId, usage, estimated: true, timedOut: true, cached: false, cancellationToken).ConfigureAwait(false);
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
                ShouldHandle = args => new ValueTask<bool>(args.Outcome.Exception is { } e and not ModelBudgetRefusedException && ModelFailures.IsTransient(e, models) &&
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
            // A retry the budget refused says nothing about the tier's health.
            ShouldHandle = args => new ValueTask<bool>(args.Outcome.Exception is { } e && e is not (OperationCanceledException or ModelBudgetRefusedException)),
        });
        builder.AddTimeout(models.CallTimeout);
        return builder.Build();
    }

    private sealed record CacheSlot(ModelResponseCache? Cache);
}
