using System.Globalization;
using IcalCalendar = Ical.Net.Calendar;
using OperatorOs.Connectors.Calendar.Internal;
using OperatorOs.Shared;

namespace OperatorOs.Connectors.Calendar;

/// <content>The reads: events in a range, and free/busy.</content>
public sealed partial class CalendarConnector
{
    /// <summary>How many occurrences of one resource free/busy evaluates at most; a rule that yields more fails the request.</summary>
    private const int MaxFreeBusyOccurrences = CalendarConnectorConstants.MaxListedEventsLimit;

    private async Task<OperationResult> ListAsync(OperationRequest request, TimeRange range, CancellationToken cancellationToken)
    {
        (List<EventOccurrence> occurrences, bool truncated) = await OccurrencesAsync(range, _maxListedEvents, cancellationToken).ConfigureAwait(false);
        occurrences.Sort((a, b) => a.StartUtc != b.StartUtc ? a.StartUtc.CompareTo(b.StartUtc) : string.CompareOrdinal(a.Event.Uid, b.Event.Uid));
        if (occurrences.Count > _maxListedEvents)
        {
            occurrences.RemoveRange(_maxListedEvents, occurrences.Count - _maxListedEvents);
            truncated = true;
        }

        var output = JsonOutput.Build(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("from", EventOutput.FormatUtc(range.From));
            writer.WriteString("to", EventOutput.FormatUtc(range.To));
            writer.WriteStartArray("events");
            foreach (EventOccurrence occurrence in occurrences)
            {
                EventOutput.Write(writer, occurrence.Event, occurrence.Href, occurrence.Start, occurrence.End);
            }

            writer.WriteEndArray();
            writer.WriteBoolean("truncated", truncated);
            writer.WriteEndObject();
        });
        string more = truncated ? string.Create(CultureInfo.InvariantCulture, $" (cut at {_maxListedEvents}; narrow the range for the rest)") : string.Empty;
        return new OperationResult(
            request.Token,
            request.Capability,
            output,
            string.Create(CultureInfo.InvariantCulture, $"{occurrences.Count} events from {EventOutput.FormatUtc(range.From)} to {EventOutput.FormatUtc(range.To)}{more}."),
            _timeProvider.GetUtcNow());
    }

    private async Task<OperationResult> FreeBusyAsync(OperationRequest request, TimeRange range, CancellationToken cancellationToken)
    {
        List<(DateTimeOffset Start, DateTimeOffset End)>? periods = null;
        string source = "free-busy-query";
        if (!_freeBusyQueryUnsupported)
        {
            periods = await QueryFreeBusyAsync(range, cancellationToken).ConfigureAwait(false);
        }

        if (periods is null)
        {
            source = "calendar-query";
            (List<EventOccurrence> occurrences, bool truncated) = await OccurrencesAsync(range, MaxFreeBusyOccurrences, cancellationToken).ConfigureAwait(false);
            if (truncated)
            {
                throw new CalendarConnectorException(Name, $"free/busy from {EventOutput.FormatUtc(range.From)} to {EventOutput.FormatUtc(range.To)} has more than {MaxFreeBusyOccurrences} occurrences in one event; narrow the range", isTransient: false);
            }

            // RFC 5545: transparent events do not block time, and cancelled ones are not happening.
            periods = occurrences
                .Where(o => !string.Equals(o.Event.Transparency, "TRANSPARENT", StringComparison.OrdinalIgnoreCase)
                    && !string.Equals(o.Event.Status, "CANCELLED", StringComparison.OrdinalIgnoreCase))
                .Select(o => (o.StartUtc, o.EndUtc))
                .ToList();
        }

        List<(DateTimeOffset Start, DateTimeOffset End)> busy = BusyPeriods.Merge(periods, range);
        var output = JsonOutput.Build(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("from", EventOutput.FormatUtc(range.From));
            writer.WriteString("to", EventOutput.FormatUtc(range.To));
            writer.WriteStartArray("busy");
            foreach ((DateTimeOffset start, DateTimeOffset end) in busy)
            {
                writer.WriteStartObject();
                writer.WriteString("start", EventOutput.FormatUtc(start));
                writer.WriteString("end", EventOutput.FormatUtc(end));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteString("source", source);
            writer.WriteEndObject();
        });
        return new OperationResult(
            request.Token,
            request.Capability,
            output,
            string.Create(CultureInfo.InvariantCulture, $"{busy.Count} busy periods from {EventOutput.FormatUtc(range.From)} to {EventOutput.FormatUtc(range.To)}."),
            _timeProvider.GetUtcNow());
    }

    /// <summary>Asks the server for free/busy (RFC 4791, 7.10); returns <see langword="null"/> when it does not support the report.</summary>
    private async Task<List<(DateTimeOffset Start, DateTimeOffset End)>?> QueryFreeBusyAsync(TimeRange range, CancellationToken cancellationToken)
    {
        DavResponse response = await _client.SendAsync(DavRequest.Report(_client.Collection, DavXml.FreeBusyQuery(range), "1"), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == 200 && string.Equals(response.MediaType, "text/calendar", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                return FreeBusyReader.Read(response.Text());
            }
            catch (InvalidDataException ex)
            {
                throw _client.Malformed(response, ex.Message, ex);
            }
        }

        if (response.StatusCode == 404)
        {
            throw CalendarMissing(response);
        }

        if (response.StatusCode == 200)
        {
            throw _client.Malformed(response, $"content of type '{response.MediaType}' where text/calendar free/busy data was expected");
        }

        // A server without the report answers it as an unknown REPORT (400, 403, 405, 415, 422, 501) or, like Radicale, as a plain
        // multistatus; either way the busy time is computed from the events. Failures of the calendar-query then speak for themselves.
        if (response.StatusCode is 207 or 400 or 403 or 405 or 415 or 422 or 501)
        {
            _freeBusyQueryUnsupported = true;
            CalDavLog.FreeBusyQueryUnsupported(_logger, _client.Collection.AbsolutePath, response.StatusCode);
            return null;
        }

        throw _client.Failure(response, "querying free/busy");
    }

    /// <summary>Runs a calendar-query for a range and expands every returned event into its occurrences in the range.</summary>
    private async Task<(List<EventOccurrence> Occurrences, bool Truncated)> OccurrencesAsync(TimeRange range, int limitPerResource, CancellationToken cancellationToken)
    {
        DavResponse response = await _client.SendAsync(DavRequest.Report(_client.Collection, DavXml.CalendarQuery(range), "1"), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == 404)
        {
            throw CalendarMissing(response);
        }

        ExpectMultistatus(response, "querying events");

        var occurrences = new List<EventOccurrence>();
        bool truncated = false;
        foreach (DavResource resource in Multistatus.Parse(response, Name))
        {
            if (resource.CalendarData is null)
            {
                continue;
            }

            string href = _client.Resolve(resource.Href).AbsolutePath;
            IcalCalendar calendar = ParseCalendar(response, resource.CalendarData, href);
            try
            {
                occurrences.AddRange(Occurrences.Within(calendar, href, range, limitPerResource, out bool cut));
                truncated |= cut;
            }
            catch (InvalidDataException ex)
            {
                throw _client.Malformed(response, $"{ex.Message} (in {href})", ex);
            }
        }

        return (occurrences, truncated);
    }

    /// <summary>Throws unless the response is a 207 multistatus: a failure for error statuses, a malformed answer for other successes.</summary>
    private void ExpectMultistatus(DavResponse response, string context)
    {
        if (response.StatusCode == 207)
        {
            return;
        }

        throw response.IsSuccess
            ? _client.Malformed(response, $"content of type '{response.MediaType}' where a 207 multistatus was expected")
            : _client.Failure(response, context);
    }

    private CalendarConnectorException CalendarMissing(DavResponse? response) => new(
        Name,
        $"{(response is null ? string.Empty : response.What + ": ")}the calendar collection {_client.Collection.AbsolutePath} does not exist{(_createCalendarIfMissing ? "; the first create makes it" : string.Empty)}",
        isTransient: false,
        statusCode: 404);
}
