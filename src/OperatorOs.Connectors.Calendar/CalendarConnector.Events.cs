using System.Globalization;
using System.Text.Json;
using IcalCalendar = Ical.Net.Calendar;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using OperatorOs.Connectors.Calendar.Internal;
using OperatorOs.Shared;

namespace OperatorOs.Connectors.Calendar;

/// <content>Finding events on the server, answering status questions from it, and the results of the write operations.</content>
public sealed partial class CalendarConnector
{
    /// <summary>Returns the event with a UID: at its derived resource name when this connector made the UID, else by a UID query.</summary>
    private async Task<FoundEvent?> FindEventAsync(string uid, CancellationToken cancellationToken)
    {
        if (EventUid.ResourceNameOf(uid, _uidDomain) is { } name
            && await GetEventAsync(_client.ResourceUri(name), uid, cancellationToken).ConfigureAwait(false) is { } atDerivedName)
        {
            return atDerivedName;
        }

        DavResponse response = await _client.SendAsync(DavRequest.Report(_client.Collection, DavXml.CalendarQueryByUid(uid), "1"), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == 404)
        {
            return null;
        }

        ExpectMultistatus(response, $"looking up the event '{uid}'");

        foreach (DavResource resource in Multistatus.Parse(response, Name))
        {
            if (resource.CalendarData is null)
            {
                continue;
            }

            Uri uri = _client.Resolve(resource.Href);
            IcalCalendar calendar = ParseCalendar(response, resource.CalendarData, uri.AbsolutePath);
            if (EventDocument.MasterOf(calendar, uid) is { } master)
            {
                return new FoundEvent(uri, resource.ETag, calendar, master);
            }
        }

        return null;
    }

    /// <summary>Reads one resource and returns its master event with <paramref name="uid"/>, or <see langword="null"/> when there is none.</summary>
    private async Task<FoundEvent?> GetEventAsync(Uri resource, string uid, CancellationToken cancellationToken)
    {
        DavResponse response = await _client.SendAsync(DavRequest.Get(resource), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is 404 or 410)
        {
            return null;
        }

        if (response.StatusCode != 200)
        {
            throw _client.Failure(response, $"reading the event '{uid}'");
        }

        IcalCalendar calendar = ParseCalendar(response, response.Text());
        CalendarEvent? master = EventDocument.MasterOf(calendar, uid);
        return master is null ? null : new FoundEvent(resource, response.ETag, calendar, master);
    }

    /// <summary>Answers a status question about a token the ledger does not know: did a create under it happen?</summary>
    private async Task<OperationResult?> FindCreatedAsync(OperationToken token, CancellationToken cancellationToken)
    {
        string uid = EventUid.For(token, _uidDomain);
        FoundEvent? found = await GetEventAsync(_client.ResourceUri(EventUid.ResourceNameOf(uid, _uidDomain)!), uid, cancellationToken).ConfigureAwait(false);
        string? creator = found is null ? null : EventDocument.CreatingToken(found.Event);
        if (found is null || (creator is not null && !string.Equals(creator, token.Value, StringComparison.Ordinal)))
        {
            return null;
        }

        return await RecordAsync(CreateResult(token, found.Event, found.Href), uid, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Answers a status question about an update or delete that was started: did its effect reach the server?</summary>
    private async Task<OperationResult?> FindPendingEffectAsync(OperationToken token, LedgerEntry entry, CancellationToken cancellationToken)
    {
        FoundEvent? found = await FindEventAsync(entry.Uid, cancellationToken).ConfigureAwait(false);
        OperationResult? result = entry.Capability switch
        {
            UpdateCapability when found is not null && EventDocument.WasApplied(found.Event, token) => UpdateResult(token, found.Event, found.Href),
            DeleteCapability when found is null => DeleteResult(token, entry.Uid),
            _ => null,
        };
        return result is null ? null : await RecordAsync(result, entry.Uid, cancellationToken).ConfigureAwait(false);
    }

    private OperationResult CreateResult(OperationToken token, CalendarEvent calendarEvent, string href)
    {
        (string start, string end) = Times(calendarEvent);
        int attendees = calendarEvent.Attendees.Count;
        string with = attendees switch
        {
            0 => string.Empty,
            1 => " with 1 attendee",
            _ => string.Create(CultureInfo.InvariantCulture, $" with {attendees} attendees"),
        };
        return new OperationResult(
            token,
            CreateCapability,
            EventJson(calendarEvent, href),
            $"Booked '{calendarEvent.Summary}' from {start} to {end}{with} (UID {calendarEvent.Uid}).",
            Stamp(calendarEvent.Created ?? calendarEvent.DtStamp));
    }

    private OperationResult UpdateResult(OperationToken token, CalendarEvent calendarEvent, string href)
    {
        (string start, string end) = Times(calendarEvent);
        return new OperationResult(
            token,
            UpdateCapability,
            EventJson(calendarEvent, href),
            string.Create(CultureInfo.InvariantCulture, $"Updated '{calendarEvent.Summary}' (UID {calendarEvent.Uid}), now from {start} to {end}, sequence {calendarEvent.Sequence}."),
            Stamp(calendarEvent.LastModified ?? calendarEvent.DtStamp));
    }

    private OperationResult DeleteResult(OperationToken token, string uid) => new(
        token,
        DeleteCapability,
        JsonOutput.Build(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("uid", uid);
            writer.WriteBoolean("deleted", true);
            writer.WriteEndObject();
        }),
        $"Deleted the event with UID {uid}.",
        NowInWholeSeconds());

    private static JsonElement EventJson(CalendarEvent calendarEvent, string href) =>
        JsonOutput.Build(writer => EventOutput.Write(writer, calendarEvent, href, calendarEvent.DtStart!, EventDocument.EndOf(calendarEvent)));

    private static (string Start, string End) Times(CalendarEvent calendarEvent) =>
        (EventOutput.FormatTime(calendarEvent.DtStart!), EventOutput.FormatTime(EventDocument.EndOf(calendarEvent)));

    /// <summary>Returns when an effect happened, from the event's own timestamp; the connector writes it in whole seconds.</summary>
    private DateTimeOffset Stamp(CalDateTime? time) =>
        time is null ? NowInWholeSeconds() : new DateTimeOffset(DateTime.SpecifyKind(time.AsUtc, DateTimeKind.Utc), TimeSpan.Zero);
}
