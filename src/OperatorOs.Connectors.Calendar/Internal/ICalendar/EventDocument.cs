using System.Runtime.Serialization;
using Ical.Net;
using IcalCalendar = Ical.Net.Calendar;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;

namespace OperatorOs.Connectors.Calendar.Internal;

/// <summary>Writes and reads the iCalendar (RFC 5545) documents of events with Ical.Net: one VCALENDAR per resource, holding the
/// VEVENT, the VTIMEZONE it refers to, and the connector's bookkeeping properties.</summary>
/// <remarks>
/// <para><c>X-OPERATOROS-TOKEN</c> names the operation token that created the event; <c>X-OPERATOROS-APPLIED</c> (repeated, the
/// newest <see cref="CalendarConnectorConstants.AppliedTokensKept"/>) names the tokens of updates already applied, so a repeated
/// update is recognised on the server itself. Calendar clients that drop unknown properties lose this bookkeeping; the UID, which
/// derives from the creating token, still identifies the event.</para>
/// <para>Problems are reported as <see cref="InvalidDataException"/>; callers add which request returned the document.</para>
/// </remarks>
internal static class EventDocument
{
    /// <summary>The property that names the token that created the event.</summary>
    public const string TokenProperty = "X-OPERATOROS-TOKEN";

    /// <summary>The property, repeated, that names the tokens of the updates applied to the event.</summary>
    public const string AppliedProperty = "X-OPERATOROS-APPLIED";

    private const string Mailto = "mailto:";

    /// <summary>Writes the document of a new event.</summary>
    /// <param name="draft">The checked arguments.</param>
    /// <param name="uid">The event's UID, derived from <paramref name="token"/>.</param>
    /// <param name="token">The creating token.</param>
    /// <param name="now">The creation time, in whole seconds; DTSTAMP, CREATED and LAST-MODIFIED.</param>
    public static string Create(EventDraft draft, string uid, OperationToken token, DateTimeOffset now)
    {
        var calendar = new IcalCalendar { ProductId = CalendarConnectorConstants.ProductId };
        var calendarEvent = new CalendarEvent
        {
            Uid = uid,
            Summary = draft.Summary,
            Description = draft.Description,
            Location = draft.Location,
            DtStart = ToCalDateTime(draft.Start),
            DtEnd = ToCalDateTime(draft.End),
            DtStamp = Utc(now),
            Created = Utc(now),
            LastModified = Utc(now),
            Sequence = 0,
        };
        AddTimeZone(calendar, draft.Start);
        if (draft.Organizer is { } organizer)
        {
            calendarEvent.Organizer = ToOrganizer(organizer);
        }

        foreach (Participant attendee in draft.Attendees)
        {
            calendarEvent.Attendees.Add(ToAttendee(attendee));
        }

        calendarEvent.AddProperty(TokenProperty, token.Value);
        calendar.Events.Add(calendarEvent);
        return Serialize(calendar);
    }

    /// <summary>Applies changes to an event in its document, bumps SEQUENCE, records the update token, and writes the document.</summary>
    /// <param name="calendar">The document as read from the server; it is modified.</param>
    /// <param name="calendarEvent">The event to change (the master VEVENT of the UID).</param>
    /// <param name="changes">The checked changes.</param>
    /// <param name="token">The update's token.</param>
    /// <param name="now">The modification time, in whole seconds; DTSTAMP and LAST-MODIFIED.</param>
    public static string Update(IcalCalendar calendar, CalendarEvent calendarEvent, EventChanges changes, OperationToken token, DateTimeOffset now)
    {
        if (changes.Summary is not null)
        {
            calendarEvent.Summary = changes.Summary;
        }

        if (changes.Description is not null)
        {
            calendarEvent.Description = changes.Description.Length == 0 ? null : changes.Description;
        }

        if (changes.Location is not null)
        {
            calendarEvent.Location = changes.Location.Length == 0 ? null : changes.Location;
        }

        if (changes.Start is { } start && changes.End is { } end)
        {
            if (calendarEvent.Duration is not null)
            {
                // DTEND and DURATION exclude each other; the new time is a start and an end.
                calendarEvent.Duration = null;
            }

            calendarEvent.DtStart = ToCalDateTime(start);
            calendarEvent.DtEnd = ToCalDateTime(end);
            AddTimeZone(calendar, start);
        }

        if (changes.Organizer is { } organizer)
        {
            calendarEvent.Organizer = ToOrganizer(organizer);
        }

        if (changes.Attendees is { } attendees)
        {
            // Attendees who stay keep their participation status; the others are replaced.
            var existing = calendarEvent.Attendees
                .Where(a => EmailOf(a.Value) is not null)
                .GroupBy(a => EmailOf(a.Value)!, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
            var replaced = attendees.Select(a => existing.TryGetValue(a.Email, out Attendee? kept) ? Renamed(kept, a.Name) : ToAttendee(a)).ToList();
            calendarEvent.Attendees.Clear();
            foreach (Attendee attendee in replaced)
            {
                calendarEvent.Attendees.Add(attendee);
            }
        }

        calendarEvent.Sequence++;
        calendarEvent.DtStamp = Utc(now);
        calendarEvent.LastModified = Utc(now);
        List<string> applied = [.. AppliedTokens(calendarEvent), token.Value];
        _ = calendarEvent.Properties.Remove(AppliedProperty);
        foreach (string kept in applied.Skip(Math.Max(0, applied.Count - CalendarConnectorConstants.AppliedTokensKept)))
        {
            calendarEvent.AddProperty(AppliedProperty, kept);
        }

        return Serialize(calendar);
    }

    /// <summary>Reads one resource's document and checks that its events are usable: each has a UID and a DTSTART, and their times resolve.</summary>
    /// <exception cref="InvalidDataException">The text is not iCalendar, or an event is unusable.</exception>
    public static IcalCalendar Parse(string text)
    {
        IcalCalendar? calendar;
        try
        {
            calendar = IcalCalendar.Load(text);
        }
        catch (Exception ex) when (ex is SerializationException or ArgumentException or FormatException or InvalidOperationException or OverflowException)
        {
            throw new InvalidDataException($"calendar data that is not valid iCalendar: {ex.Message}", ex);
        }

        if (calendar is null)
        {
            throw new InvalidDataException("empty calendar data where an iCalendar object was expected");
        }

        foreach (CalendarEvent calendarEvent in calendar.Events)
        {
            if (string.IsNullOrEmpty(calendarEvent.Uid))
            {
                throw new InvalidDataException("a VEVENT without a UID");
            }

            if (calendarEvent.DtStart is null)
            {
                throw new InvalidDataException($"the VEVENT '{calendarEvent.Uid}' without a valid DTSTART");
            }

            try
            {
                _ = calendarEvent.DtStart.AsUtc;
                _ = EndOf(calendarEvent).AsUtc;
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or FormatException or OverflowException)
            {
                throw new InvalidDataException($"the VEVENT '{calendarEvent.Uid}' with times that cannot be resolved: {ex.Message}", ex);
            }
        }

        return calendar;
    }

    /// <summary>Returns the master VEVENT (the one without RECURRENCE-ID) with a UID, or <see langword="null"/>.</summary>
    public static CalendarEvent? MasterOf(IcalCalendar calendar, string uid) =>
        calendar.Events.FirstOrDefault(e => e.RecurrenceIdentifier is null && string.Equals(e.Uid, uid, StringComparison.Ordinal));

    /// <summary>Returns the token that created the event, when it carries one.</summary>
    public static string? CreatingToken(CalendarEvent calendarEvent) =>
        calendarEvent.Properties.AllOf(TokenProperty).Select(p => p.Value as string).FirstOrDefault(v => !string.IsNullOrEmpty(v));

    /// <summary>Returns whether the update with <paramref name="token"/> was applied to the event.</summary>
    public static bool WasApplied(CalendarEvent calendarEvent, OperationToken token) =>
        AppliedTokens(calendarEvent).Contains(token.Value, StringComparer.Ordinal);

    /// <summary>Returns the effective end: DTEND, or DTSTART plus DURATION, or DTSTART (a day later for a date).</summary>
    public static CalDateTime EndOf(CalendarEvent calendarEvent)
    {
        CalDateTime start = calendarEvent.DtStart!;
        if (calendarEvent.DtEnd is { } end)
        {
            return end;
        }

        if (calendarEvent.Duration is { } duration)
        {
            return start.Add(duration);
        }

        return start.HasTime ? start : start.AddDays(1);
    }

    /// <summary>Returns the address of a <c>mailto:</c> URI, or <see langword="null"/> for other URIs.</summary>
    public static string? EmailOf(Uri? uri)
    {
        string? text = uri?.OriginalString;
        return text is not null && text.StartsWith(Mailto, StringComparison.OrdinalIgnoreCase) && text.Length > Mailto.Length ? text[Mailto.Length..] : null;
    }

    /// <summary>Turns an instant into a UTC iCalendar date-time.</summary>
    public static CalDateTime Utc(DateTimeOffset instant) => new(instant.UtcDateTime, CalDateTime.UtcTzId);

    private static IEnumerable<string> AppliedTokens(CalendarEvent calendarEvent) =>
        calendarEvent.Properties.AllOf(AppliedProperty).Select(p => p.Value as string).Where(v => !string.IsNullOrEmpty(v))!;

    private static CalDateTime ToCalDateTime(EventTime time) => time.TimeZoneId is null
        ? Utc(time.Instant)
        : new CalDateTime(DateTime.SpecifyKind(time.Local, DateTimeKind.Unspecified), time.TimeZoneId);

    private static void AddTimeZone(IcalCalendar calendar, EventTime start)
    {
        if (start.TimeZoneId is { } id && !calendar.TimeZones.Any(z => string.Equals(z.TzId, id, StringComparison.Ordinal)))
        {
            // Rules from a year before the event on, so servers can place it (and its recurrences) without knowing the zone.
            _ = calendar.AddTimeZone(id, new DateTime(Math.Max(1, start.Local.Year - 1), 1, 1, 0, 0, 0, DateTimeKind.Unspecified), includeHistoricalData: false);
        }
    }

    private static Organizer ToOrganizer(Participant participant) => new(Mailto + participant.Email) { CommonName = participant.Name };

    private static Attendee ToAttendee(Participant participant) => new(Mailto + participant.Email)
    {
        CommonName = participant.Name,
        Role = "REQ-PARTICIPANT",
        ParticipationStatus = "NEEDS-ACTION",
        Rsvp = true,
    };

    private static Attendee Renamed(Attendee attendee, string? name)
    {
        if (name is not null)
        {
            attendee.CommonName = name;
        }

        return attendee;
    }

    private static string Serialize(IcalCalendar calendar) =>
        new CalendarSerializer().SerializeToString(calendar) ?? throw new InvalidOperationException("Ical.Net wrote no text for the calendar.");
}
