using Ical.Net;
using IcalCalendar = Ical.Net.Calendar;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Evaluation;

namespace OperatorOs.Connectors.Calendar.Internal;

/// <summary>Expands the events of one resource into their occurrences within a range, with Ical.Net's recurrence evaluation.</summary>
internal static class Occurrences
{
    /// <summary>Returns the occurrences overlapping <paramref name="range"/> in start order, at most <paramref name="limit"/>.</summary>
    /// <param name="calendar">The resource's document.</param>
    /// <param name="href">The resource's path.</param>
    /// <param name="range">The range.</param>
    /// <param name="limit">How many occurrences to return at most.</param>
    /// <param name="truncated">Whether more occurrences overlap the range.</param>
    /// <exception cref="InvalidDataException">A recurrence rule cannot be evaluated.</exception>
    public static List<EventOccurrence> Within(IcalCalendar calendar, string href, TimeRange range, int limit, out bool truncated)
    {
        var occurrences = new List<EventOccurrence>();
        truncated = false;
        DateTime from = range.From.UtcDateTime;
        DateTime to = range.To.UtcDateTime;
        try
        {
            var options = new EvaluationOptions { MaxUnmatchedIncrementsLimit = 1000 };
            foreach (Occurrence occurrence in calendar.GetOccurrences<CalendarEvent>(EventDocument.Utc(range.From), options))
            {
                CalDateTime start = occurrence.Period.StartTime;
                DateTime startUtc = start.AsUtc;
                if (startUtc >= to)
                {
                    break;
                }

                CalDateTime end = occurrence.Period.EffectiveEndTime ?? start;
                DateTime endUtc = end.AsUtc;

                // RFC 4791, 9.9: an event overlaps when it starts before the range ends and ends after it starts; an instant event counts when it lies inside.
                bool overlaps = endUtc > from || (endUtc == startUtc && startUtc >= from);
                if (!overlaps || occurrence.Source is not CalendarEvent source)
                {
                    continue;
                }

                if (occurrences.Count == limit)
                {
                    truncated = true;
                    break;
                }

                occurrences.Add(new EventOccurrence(source, href, start, end, new DateTimeOffset(startUtc, TimeSpan.Zero), new DateTimeOffset(endUtc, TimeSpan.Zero)));
            }
        }
        catch (Exception ex) when (ex is EvaluationException or ArgumentException or InvalidOperationException or FormatException or OverflowException)
        {
            throw new InvalidDataException($"an event whose occurrences cannot be evaluated: {ex.Message}", ex);
        }

        return occurrences;
    }
}
