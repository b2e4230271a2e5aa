using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;

namespace OperatorOs.Connectors.Calendar.Internal;

/// <summary>One occurrence of an event in a range: the event (or the override of a recurring event) and when this occurrence is.</summary>
/// <param name="Event">The VEVENT.</param>
/// <param name="Href">The resource path of the event on the server.</param>
/// <param name="Start">The occurrence's start, in the event's own zone.</param>
/// <param name="End">The occurrence's end.</param>
/// <param name="StartUtc">The start as an instant (floating and all-day times read as UTC).</param>
/// <param name="EndUtc">The end as an instant.</param>
internal sealed record EventOccurrence(CalendarEvent Event, string Href, CalDateTime Start, CalDateTime End, DateTimeOffset StartUtc, DateTimeOffset EndUtc);
