namespace OperatorOs.Connectors.Calendar.Internal;

/// <summary>A checked point in time for an event: the instant, and the wall-clock time in a named zone when one was given.</summary>
/// <param name="Instant">The instant, in UTC.</param>
/// <param name="TimeZoneId">The IANA time zone, or <see langword="null"/> for a UTC time.</param>
/// <param name="Local">The wall-clock time in <paramref name="TimeZoneId"/> (kind unspecified); equal to the UTC time when there is no zone.</param>
internal sealed record EventTime(DateTimeOffset Instant, string? TimeZoneId, DateTime Local);
