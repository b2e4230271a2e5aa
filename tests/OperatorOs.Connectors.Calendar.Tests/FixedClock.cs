namespace OperatorOs.Connectors.Calendar.Tests;

/// <summary>A clock whose "now" stands still while its timers run in real time: event timestamps are predictable, and timeouts
/// and retry delays against the real server still elapse (a fake clock would make a retried request wait forever).</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
