using System.Text.Json;
using NodaTime;
using static OperatorOs.Connectors.Calendar.Internal.CalendarConnectorConstants;

namespace OperatorOs.Connectors.Calendar.Internal;

/// <summary>Checks the arguments of each calendar capability without I/O and turns them into typed records.</summary>
internal sealed class CalendarArgumentParser
{
    private readonly Participant? _defaultOrganizer;

    /// <summary>Initializes a new instance of the <see cref="CalendarArgumentParser"/> class.</summary>
    /// <param name="defaultOrganizer">The organizer of events with attendees but no <c>organizer</c> argument, if configured.</param>
    public CalendarArgumentParser(Participant? defaultOrganizer)
    {
        _defaultOrganizer = defaultOrganizer;
    }

    /// <summary>Checks the arguments of <c>calendar.create</c>.</summary>
    public EventDraft ParseCreate(string capability, JsonElement arguments)
    {
        ArgumentReader.RejectUnknownMembers(capability, arguments, "summary", "start", "end", "timeZone", "description", "location", "attendees", "organizer");
        string summary = ArgumentReader.RequireString(capability, arguments, "summary", MaxSummaryLength);
        DateTimeZone? zone = ArgumentReader.OptionalTimeZone(capability, arguments, "timeZone");
        EventTime start = ArgumentReader.RequireTime(capability, arguments, "start", zone);
        EventTime end = ArgumentReader.RequireTime(capability, arguments, "end", zone);
        CheckSpan(capability, start, end);
        string? description = ArgumentReader.OptionalString(capability, arguments, "description", MaxTextLength);
        string? location = ArgumentReader.OptionalString(capability, arguments, "location", MaxSummaryLength);
        IReadOnlyList<Participant> attendees = ArgumentReader.OptionalAttendees(capability, arguments, "attendees") ?? [];
        Participant? organizer = ArgumentReader.OptionalParticipant(capability, arguments, "organizer");
        if (organizer is null && attendees.Count > 0)
        {
            organizer = _defaultOrganizer ?? throw new ConnectorArgumentException(
                capability,
                "$.organizer",
                "an event with attendees needs an organizer: give organizer, or configure DefaultOrganizer");
        }

        return new EventDraft(summary, Blank(description), Blank(location), start, end, organizer, attendees);
    }

    /// <summary>Checks the arguments of <c>calendar.update</c>: the UID and at least one field to change.</summary>
    public EventChanges ParseUpdate(string capability, JsonElement arguments)
    {
        ArgumentReader.RejectUnknownMembers(capability, arguments, "uid", "summary", "start", "end", "timeZone", "description", "location", "attendees", "organizer");
        string uid = ArgumentReader.RequireUid(capability, arguments, "uid");
        string? summary = ArgumentReader.OptionalNonBlankString(capability, arguments, "summary", MaxSummaryLength);
        DateTimeZone? zone = ArgumentReader.OptionalTimeZone(capability, arguments, "timeZone");
        bool hasStart = Has(arguments, "start");
        bool hasEnd = Has(arguments, "end");
        if (hasStart != hasEnd)
        {
            throw new ConnectorArgumentException(capability, hasStart ? "$.end" : "$.start", "give start and end together");
        }

        if (zone is not null && !hasStart)
        {
            throw new ConnectorArgumentException(capability, "$.timeZone", "timeZone applies to start and end; give them too");
        }

        EventTime? start = null;
        EventTime? end = null;
        if (hasStart)
        {
            start = ArgumentReader.RequireTime(capability, arguments, "start", zone);
            end = ArgumentReader.RequireTime(capability, arguments, "end", zone);
            CheckSpan(capability, start, end);
        }

        string? description = ArgumentReader.OptionalString(capability, arguments, "description", MaxTextLength);
        string? location = ArgumentReader.OptionalString(capability, arguments, "location", MaxSummaryLength);
        IReadOnlyList<Participant>? attendees = ArgumentReader.OptionalAttendees(capability, arguments, "attendees");
        Participant? organizer = ArgumentReader.OptionalParticipant(capability, arguments, "organizer");
        if (summary is null && start is null && description is null && location is null && attendees is null && organizer is null)
        {
            throw new ConnectorArgumentException(capability, "$", "nothing to change: give at least one of summary, start and end, description, location, attendees, organizer");
        }

        return new EventChanges(uid, summary, description, location, start, end, organizer ?? (attendees is { Count: > 0 } ? _defaultOrganizer : null), attendees);
    }

    /// <summary>Checks the arguments of <c>calendar.delete</c> and returns the UID.</summary>
    public static string ParseDelete(string capability, JsonElement arguments)
    {
        ArgumentReader.RejectUnknownMembers(capability, arguments, "uid");
        return ArgumentReader.RequireUid(capability, arguments, "uid");
    }

    /// <summary>Checks the arguments of <c>calendar.list</c> and <c>calendar.freebusy</c>.</summary>
    public static TimeRange ParseRange(string capability, JsonElement arguments)
    {
        ArgumentReader.RejectUnknownMembers(capability, arguments, "from", "to", "timeZone");
        DateTimeZone? zone = ArgumentReader.OptionalTimeZone(capability, arguments, "timeZone");
        EventTime from = ArgumentReader.RequireTime(capability, arguments, "from", zone);
        EventTime to = ArgumentReader.RequireTime(capability, arguments, "to", zone);
        if (to.Instant <= from.Instant)
        {
            throw new ConnectorArgumentException(capability, "$.to", "to must be after from");
        }

        if (to.Instant - from.Instant > MaxRange)
        {
            throw new ConnectorArgumentException(capability, "$.to", $"the range may span at most {MaxRange.TotalDays:0} days");
        }

        return new TimeRange(from.Instant, to.Instant);
    }

    private static void CheckSpan(string capability, EventTime start, EventTime end)
    {
        if (end.Instant <= start.Instant)
        {
            throw new ConnectorArgumentException(capability, "$.end", "end must be after start");
        }

        if (end.Instant - start.Instant > MaxRange)
        {
            throw new ConnectorArgumentException(capability, "$.end", $"an event may last at most {MaxRange.TotalDays:0} days");
        }
    }

    private static bool Has(JsonElement arguments, string name) =>
        arguments.TryGetProperty(name, out JsonElement value) && value.ValueKind != JsonValueKind.Null;

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
