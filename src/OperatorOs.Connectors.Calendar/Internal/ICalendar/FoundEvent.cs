using Ical.Net;
using IcalCalendar = Ical.Net.Calendar;
using Ical.Net.CalendarComponents;

namespace OperatorOs.Connectors.Calendar.Internal;

/// <summary>An event read from the server: where it is, its version, its whole document and its master VEVENT.</summary>
/// <param name="Uri">The resource's URL.</param>
/// <param name="ETag">The resource's ETag, for conditional writes; <see langword="null"/> when the server sent none.</param>
/// <param name="Calendar">The resource's document.</param>
/// <param name="Event">The master VEVENT with the UID asked for.</param>
internal sealed record FoundEvent(Uri Uri, string? ETag, IcalCalendar Calendar, CalendarEvent Event)
{
    /// <summary>Gets the resource's path, as results report it.</summary>
    public string Href => Uri.AbsolutePath;
}
