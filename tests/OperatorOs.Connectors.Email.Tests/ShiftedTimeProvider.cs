namespace OperatorOs.Connectors.Email.Tests;

/// <summary>The system clock moved by a fixed offset, with real timers: "an hour later" for a ledger, while timeouts still work.</summary>
internal sealed class ShiftedTimeProvider(TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + offset;
}
