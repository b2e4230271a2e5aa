using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace OperatorOs;

/// <summary>Builds a connector's resilience pipeline: jittered retries that honour a failure's Retry-After, the connector's circuit breaker, and a timeout per attempt.</summary>
/// <remarks>
/// The retry is outermost, so every attempt passes the breaker: an open circuit stops the retries too, and each failed attempt counts.
/// Only transient failures (a transient <see cref="ConnectorException"/>, an attempt's timeout) are retried or counted by the breaker: a
/// refusal or an invalid argument says nothing about the connector's health. The pipeline is typed on <see cref="OperationResult"/>, so
/// no bridge to a non-generic pipeline runs on the success path.
/// </remarks>
internal static class ConnectorPipeline
{
    /// <param name="settings">The executor's settings.</param>
    /// <param name="timeProvider">The clock of delays, breaks and timeouts.</param>
    /// <param name="opened">Called when the connector's circuit opens, with the break's duration.</param>
    /// <param name="closed">Called when it closes again.</param>
    /// <param name="circuit">Reports the circuit's state, for calls that do not go through the pipeline (a status check).</param>
    public static ResiliencePipeline<OperationResult> Build(ConnectorPipelineSettings settings, TimeProvider timeProvider, Func<TimeSpan, ValueTask> opened, Func<ValueTask> closed, CircuitBreakerStateProvider circuit)
    {
        var builder = new ResiliencePipelineBuilder<OperationResult> { TimeProvider = timeProvider };
        if (settings.MaxAttempts > 1)
        {
            TimeSpan maxRetryAfter = settings.MaxRetryAfter;
            _ = builder.AddRetry(new RetryStrategyOptions<OperationResult>
            {
                MaxRetryAttempts = settings.MaxAttempts - 1,
                Delay = settings.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,

                // A service asking for a longer wait than the executor holds its caller for is not retried now: the failure surfaces as
                // transient with its RetryAfter, and a flow's step waits that long on its retry timer instead.
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception switch
                {
                    ConnectorException { IsTransient: true, RetryAfter: var wait } => wait is null || wait <= maxRetryAfter,
                    TimeoutRejectedException => true,
                    _ => false,
                }),

                // Null keeps the jittered backoff.
                DelayGenerator = static args => ValueTask.FromResult(args.Outcome.Exception is ConnectorException { RetryAfter: { } wait } ? wait : (TimeSpan?)null),
            });
        }

        _ = builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<OperationResult>
        {
            FailureRatio = settings.BreakerFailureRatio,
            MinimumThroughput = settings.BreakerMinimumThroughput,
            SamplingDuration = settings.BreakerSamplingDuration,
            BreakDuration = settings.BreakDuration,
            ShouldHandle = static args => ValueTask.FromResult(IsTransientFailure(args.Outcome.Exception)),
            StateProvider = circuit,
            OnOpened = args => opened(args.BreakDuration),
            OnClosed = _ => closed(),
        });

        return builder.AddTimeout(settings.Timeout).Build();
    }

    private static bool IsTransientFailure(Exception? exception) =>
        exception is ConnectorException { IsTransient: true } or TimeoutRejectedException;
}
