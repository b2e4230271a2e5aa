namespace OperatorOs;

/// <summary>Configures retention: how long each kind of memory, and the raw payloads in the journal, are kept.</summary>
/// <remarks>A <see langword="null"/> period keeps the data forever.</remarks>
public class MemoryRetentionOptions
{
    /// <summary>Gets or sets how long facts are kept.</summary>
    /// <value>The default value is <see langword="null"/>: facts are kept forever.</value>
    public TimeSpan? Facts { get; set; }

    /// <summary>Gets or sets how long superseded context versions are kept; after that only each key's current version, its summary, remains.</summary>
    /// <value>The default value is 30 days.</value>
    public TimeSpan? ContextHistory { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Gets or sets how long context records are kept at all.</summary>
    /// <value>The default value is 90 days.</value>
    public TimeSpan? Context { get; set; } = TimeSpan.FromDays(90);

    /// <summary>Gets or sets how long signals (raw inbound observations) are kept.</summary>
    /// <value>The default value is 14 days.</value>
    public TimeSpan? Signals { get; set; } = TimeSpan.FromDays(14);

    /// <summary>Gets how long the journal keeps the payloads of each event type; hashes stay, so the chain still verifies.</summary>
    /// <value>By default intent payloads, which carry raw inbound content such as emails, are kept 14 days.</value>
    public IDictionary<string, TimeSpan> JournalPayloads { get; } = new Dictionary<string, TimeSpan>(StringComparer.Ordinal)
    {
        [JournalEventTypes.IntentReceived] = TimeSpan.FromDays(14),
    };

    /// <summary>Gets or sets how often the maintenance service applies retention.</summary>
    /// <value>The default value is 1 hour.</value>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);
}
