using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace OperatorOs;

/// <summary>Owns the one <see cref="ActivitySource"/> and the one <see cref="Meter"/> named <c>OperatorOs</c>, and the instruments the kernel records.</summary>
internal sealed class OperatorOsTelemetry : IDisposable
{
    public const string Name = "OperatorOs";

    public OperatorOsTelemetry(IMeterFactory? meterFactory = null)
    {
        ActivitySource = new ActivitySource(Name);
        Meter = meterFactory?.Create(Name) ?? new Meter(Name);
        Decisions = Meter.CreateCounter<long>("operatoros.policy.decisions", "{decision}", "Policy decisions by verdict and rule.");
        Actions = Meter.CreateCounter<long>("operatoros.actions", "{action}", "Executed actions by capability and outcome.");
        ActionDuration = Meter.CreateHistogram<double>("operatoros.action.duration", "s", "Time the executor spent on an action.");
    }

    public ActivitySource ActivitySource { get; }

    public Meter Meter { get; }

    public Counter<long> Decisions { get; }

    public Counter<long> Actions { get; }

    public Histogram<double> ActionDuration { get; }

    public void Dispose()
    {
        ActivitySource.Dispose();
        Meter.Dispose();
    }
}
