using System.Globalization;
using System.Text.Json;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;

namespace OperatorOs.Connectors.Calendar.Internal;

/// <summary>Writes events as the JSON objects of results: the same shape for create, update and list, so a result rebuilt from the
/// server after a lost acknowledgement equals the one first returned.</summary>
internal static class EventOutput
{
    /// <summary>Writes <c>{ uid, href, summary, description?, location?, start, end, timeZone?, allDay?, status?, organizer?, attendees, sequence, recurring }</c>.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="calendarEvent">The event.</param>
    /// <param name="href">The event's resource path on the server.</param>
    /// <param name="start">The start to report: the event's, or an occurrence's.</param>
    /// <param name="end">The end to report.</param>
    public static void Write(Utf8JsonWriter writer, CalendarEvent calendarEvent, string href, CalDateTime start, CalDateTime end)
    {
        writer.WriteStartObject();
        writer.WriteString("uid", calendarEvent.Uid);
        writer.WriteString("href", href);
        writer.WriteString("summary", calendarEvent.Summary ?? string.Empty);
        WriteIfPresent(writer, "description", calendarEvent.Description);
        WriteIfPresent(writer, "location", calendarEvent.Location);
        writer.WriteString("start", FormatTime(start));
        writer.WriteString("end", FormatTime(end));
        if (!start.IsFloating && !start.IsUtc && start.HasTime && !string.IsNullOrEmpty(start.TzId))
        {
            writer.WriteString("timeZone", start.TzId);
        }

        if (!start.HasTime)
        {
            writer.WriteBoolean("allDay", true);
        }

        WriteIfPresent(writer, "status", calendarEvent.Status);
        if (calendarEvent.Organizer is { } organizer && EventDocument.EmailOf(organizer.Value) is { } organizerEmail)
        {
            writer.WritePropertyName("organizer");
            WriteParticipant(writer, organizerEmail, organizer.CommonName, null);
        }

        writer.WriteStartArray("attendees");
        foreach (Attendee attendee in calendarEvent.Attendees)
        {
            if (EventDocument.EmailOf(attendee.Value) is { } email)
            {
                WriteParticipant(writer, email, attendee.CommonName, attendee.ParticipationStatus);
            }
        }

        writer.WriteEndArray();
        writer.WriteNumber("sequence", calendarEvent.Sequence);
        writer.WriteBoolean("recurring", calendarEvent.RecurrenceRule is not null || calendarEvent.RecurrenceDates.GetAllDates().Any() || calendarEvent.RecurrenceIdentifier is not null);
        writer.WriteEndObject();
    }

    /// <summary>Formats an iCalendar time as ISO 8601: <c>2026-05-01</c> for a date, <c>2026-05-01T10:00:00</c> for a floating time,
    /// <c>2026-05-01T08:00:00Z</c> for UTC, and <c>2026-05-01T10:00:00+02:00</c> for a time in a zone.</summary>
    public static string FormatTime(CalDateTime time)
    {
        if (!time.HasTime)
        {
            return time.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        if (time.IsFloating)
        {
            return time.Value.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        }

        DateTime utc = time.AsUtc;
        if (time.IsUtc)
        {
            return FormatUtc(new DateTimeOffset(utc, TimeSpan.Zero));
        }

        // Offsets in whole minutes, as ISO 8601 writes them; historic local mean times with seconds are rounded.
        TimeSpan offset = TimeSpan.FromMinutes(Math.Round((time.Value - utc).TotalMinutes));
        return new DateTimeOffset(DateTime.SpecifyKind(time.Value, DateTimeKind.Unspecified), offset).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
    }

    /// <summary>Formats an instant as ISO 8601 UTC, <c>2026-05-01T08:00:00Z</c>.</summary>
    public static string FormatUtc(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static void WriteParticipant(Utf8JsonWriter writer, string email, string? name, string? status)
    {
        writer.WriteStartObject();
        writer.WriteString("email", email);
        WriteIfPresent(writer, "name", name);
        WriteIfPresent(writer, "status", status);
        writer.WriteEndObject();
    }

    private static void WriteIfPresent(Utf8JsonWriter writer, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            writer.WriteString(name, value);
        }
    }
}
