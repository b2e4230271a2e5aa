namespace OperatorOs;

/// <summary>Specifies what kind of knowledge a memory record holds, which also decides how long it is kept.</summary>
public enum MemoryKind
{
    /// <summary>Long-term knowledge: contracts, payment terms, preferences, outcomes of actions.</summary>
    Fact = 0,

    /// <summary>Short-term knowledge: the current sprint, open requests, conversation summaries.</summary>
    Context = 1,

    /// <summary>Raw inbound observations: emails, events, latencies, satisfaction scores.</summary>
    Signal = 2,
}
