namespace OperatorOs;

/// <summary>Represents what one pass of retention removed.</summary>
/// <param name="RanAt">When the pass ran.</param>
/// <param name="FactsPruned">Fact versions deleted.</param>
/// <param name="ContextVersionsPruned">Context versions deleted (superseded history and expired records).</param>
/// <param name="SignalsPruned">Signal versions deleted.</param>
/// <param name="JournalPayloadsDropped">Journal payloads dropped (their hashes stay).</param>
public sealed record RetentionReport(DateTimeOffset RanAt, int FactsPruned, int ContextVersionsPruned, int SignalsPruned, int JournalPayloadsDropped);
