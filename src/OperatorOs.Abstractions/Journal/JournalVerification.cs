namespace OperatorOs;

/// <summary>Represents the result of verifying the journal's hash chain.</summary>
/// <param name="IsIntact">Whether every link holds.</param>
/// <param name="EventsVerified">How many events were verified before the end or the first broken link.</param>
/// <param name="FirstBrokenSequence">The sequence of the first event whose link is broken, or <see langword="null"/>.</param>
/// <param name="Problem">What is wrong with that event, or <see langword="null"/>.</param>
public sealed record JournalVerification(bool IsIntact, long EventsVerified, long? FirstBrokenSequence, string? Problem)
{
    /// <summary>Creates the result for an intact chain.</summary>
    /// <param name="eventsVerified">How many events were verified.</param>
    /// <returns>The result.</returns>
    public static JournalVerification Intact(long eventsVerified) => new(true, eventsVerified, null, null);

    /// <summary>Creates the result for a broken chain.</summary>
    /// <param name="eventsVerified">How many events verified before the break.</param>
    /// <param name="sequence">The first broken event's sequence.</param>
    /// <param name="problem">What is wrong.</param>
    /// <returns>The result.</returns>
    public static JournalVerification Broken(long eventsVerified, long sequence, string problem) => new(false, eventsVerified, sequence, problem);
}
