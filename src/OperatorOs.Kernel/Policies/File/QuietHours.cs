namespace OperatorOs;

/// <summary>Represents quiet hours: between <see cref="From"/> and <see cref="To"/> local time, External, Financial and Commitment actions need approval.</summary>
/// <param name="TimeZoneId">The time zone the hours are stated in, as an IANA or Windows id, for example <c>Europe/Berlin</c> or <c>UTC</c>.</param>
/// <param name="From">The local time the quiet hours start (inclusive).</param>
/// <param name="To">The local time the quiet hours end (exclusive); earlier than <paramref name="From"/> when they span midnight.</param>
public sealed record QuietHours(string TimeZoneId, TimeOnly From, TimeOnly To)
{
    /// <summary>The id of the quiet-hours rule.</summary>
    public const string RuleId = "quiet-hours";

    /// <summary>Returns whether a local time of day falls inside the quiet hours.</summary>
    /// <param name="localTime">The local time of day.</param>
    /// <returns><see langword="true"/> when the time is inside.</returns>
    public bool Contains(TimeOnly localTime) =>
        From <= To ? localTime >= From && localTime < To : localTime >= From || localTime < To;
}
