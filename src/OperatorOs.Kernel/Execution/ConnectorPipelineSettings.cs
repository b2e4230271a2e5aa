namespace OperatorOs;

/// <summary>The executor's settings a connector's resilience pipeline is built from; two equal values build the same pipeline.</summary>
internal readonly record struct ConnectorPipelineSettings(
    int MaxAttempts,
    TimeSpan RetryDelay,
    TimeSpan MaxRetryAfter,
    TimeSpan Timeout,
    double BreakerFailureRatio,
    int BreakerMinimumThroughput,
    TimeSpan BreakerSamplingDuration,
    TimeSpan BreakDuration)
{
    public static ConnectorPipelineSettings From(OperatorOsOptions options) => new(
        options.MaxExecutionAttempts,
        options.ExecutionRetryDelay,
        options.MaxExecutionRetryAfter,
        options.ExecutionTimeout,
        options.ExecutionBreakerFailureRatio,
        options.ExecutionBreakerMinimumThroughput,
        options.ExecutionBreakerSamplingDuration,
        options.ExecutionBreakDuration);
}
