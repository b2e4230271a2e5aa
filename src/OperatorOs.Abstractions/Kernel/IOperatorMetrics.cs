namespace OperatorOs;

/// <summary>Gives shells the kernel's figures without an OpenTelemetry pipeline; the same figures are also published on the <c>OperatorOs</c> meter.</summary>
public interface IOperatorMetrics
{
    /// <summary>Takes a snapshot of the figures since the host started.</summary>
    /// <returns>The snapshot.</returns>
    OperatorMetricsSnapshot GetSnapshot();
}
