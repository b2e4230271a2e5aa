namespace OperatorOs.Connectors.Calendar.Internal;

/// <summary>One <c>DAV:response</c> of a multistatus: a resource and the properties the server returned for it.</summary>
/// <param name="Href">The resource's path, as the server wrote it (percent-encoded).</param>
/// <param name="Status">The response-level status, when the server gave one instead of property stats (for example 404).</param>
/// <param name="ETag">The <c>DAV:getetag</c> property, if returned with status 200.</param>
/// <param name="CalendarData">The <c>C:calendar-data</c> property, if returned with status 200.</param>
/// <param name="IsCollection">Whether <c>DAV:resourcetype</c> contains <c>DAV:collection</c>.</param>
/// <param name="IsCalendar">Whether <c>DAV:resourcetype</c> contains <c>C:calendar</c>.</param>
internal sealed record DavResource(string Href, int? Status, string? ETag, string? CalendarData, bool IsCollection, bool IsCalendar);
