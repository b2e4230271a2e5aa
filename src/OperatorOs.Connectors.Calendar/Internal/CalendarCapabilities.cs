using System.Text.Json;

namespace OperatorOs.Connectors.Calendar.Internal;

/// <summary>Builds the descriptors of the Calendar capabilities, with their argument schemas.</summary>
internal static class CalendarCapabilities
{
    private const string TimeSchema = """{ "type": "string", "description": "An ISO 8601 date-time in whole seconds: with an offset (2026-05-01T10:00:00+02:00, 2026-05-01T08:00:00Z), or a local time (2026-05-01T10:00:00) when timeZone is given." }""";
    private const string TimeZoneSchema = """{ "type": "string", "description": "An IANA time zone such as Europe/Berlin: local times are read in it, and the event keeps it (TZID)." }""";
    private const string UidSchema = """{ "type": "string", "minLength": 1, "maxLength": 255, "description": "The event's UID, as calendar.create or calendar.list returned it." }""";
    private const string SummarySchema = """{ "type": "string", "minLength": 1, "maxLength": 1000, "description": "The event's title." }""";
    private const string AttendeesSchema = """{ "type": "array", "maxItems": 100, "items": { "type": "string" }, "description": "Email addresses, optionally with a name: \"Ada Lovelace <ada@example.com>\"." }""";
    private const string OrganizerSchema = """{ "type": "string", "description": "The organizer's email address; defaults to the configured organizer when there are attendees." }""";

    /// <summary>Creates the descriptors; a read-only connector offers only <c>calendar.list</c> and <c>calendar.freebusy</c>.</summary>
    public static IReadOnlyList<CapabilityDescriptor> Create(bool readOnly)
    {
        var capabilities = new List<CapabilityDescriptor>
        {
            new(
                CalendarConnector.ListCapability,
                "Lists the events (recurring ones expanded into occurrences) that overlap a time range, in start order. Returns from, to, events (uid, href, summary, description, location, start, end, timeZone, allDay, status, organizer, attendees, sequence, recurring) and truncated.",
                RiskTier.Read,
                RangeSchema()),
            new(
                CalendarConnector.FreeBusyCapability,
                "Returns the busy periods of the calendar within a time range, merged and in UTC, without event details. Transparent and cancelled events do not count.",
                RiskTier.Read,
                RangeSchema()),
        };

        if (!readOnly)
        {
            capabilities.Add(new(
                CalendarConnector.CreateCapability,
                "Books an event on the calendar, optionally with attendees. Booking time with someone commits the business. Returns the event (uid, href, summary, start, end, timeZone, organizer, attendees, sequence).",
                RiskTier.Commitment,
                Schema($$"""
                    { "type": "object",
                      "properties": { "summary": {{SummarySchema}}, "start": {{TimeSchema}}, "end": {{TimeSchema}}, "timeZone": {{TimeZoneSchema}},
                                      "description": { "type": "string", "maxLength": 10000 }, "location": { "type": "string", "maxLength": 1000 },
                                      "attendees": {{AttendeesSchema}}, "organizer": {{OrganizerSchema}} },
                      "required": ["summary", "start", "end"], "additionalProperties": false }
                    """)));
            capabilities.Add(new(
                CalendarConnector.UpdateCapability,
                "Changes an event: its summary, its time (start and end together), description, location (empty text removes them), attendees (replaces the list) or organizer. Bumps the event's SEQUENCE. Returns the event as changed.",
                RiskTier.Commitment,
                Schema($$"""
                    { "type": "object",
                      "properties": { "uid": {{UidSchema}}, "summary": {{SummarySchema}}, "start": {{TimeSchema}}, "end": {{TimeSchema}}, "timeZone": {{TimeZoneSchema}},
                                      "description": { "type": "string", "maxLength": 10000 }, "location": { "type": "string", "maxLength": 1000 },
                                      "attendees": {{AttendeesSchema}}, "organizer": {{OrganizerSchema}} },
                      "required": ["uid"], "minProperties": 2, "additionalProperties": false }
                    """)));
            capabilities.Add(new(
                CalendarConnector.DeleteCapability,
                "Deletes an event (all its occurrences) from the calendar. Cancelling time booked with someone changes a commitment. Returns uid and deleted.",
                RiskTier.Commitment,
                Schema($$"""
                    { "type": "object", "properties": { "uid": {{UidSchema}} }, "required": ["uid"], "additionalProperties": false }
                    """)));
        }

        return capabilities.AsReadOnly();
    }

    private static JsonElement RangeSchema() => Schema($$"""
        { "type": "object",
          "properties": { "from": {{TimeSchema}}, "to": {{TimeSchema}}, "timeZone": {{TimeZoneSchema}} },
          "required": ["from", "to"], "additionalProperties": false,
          "description": "A range of at most 366 days; to must be after from." }
        """);

    private static JsonElement Schema(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
