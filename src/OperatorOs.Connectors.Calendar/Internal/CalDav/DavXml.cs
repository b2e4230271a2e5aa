using System.Globalization;
using System.Xml.Linq;

namespace OperatorOs.Connectors.Calendar.Internal;

/// <summary>The XML names and request bodies of the WebDAV (RFC 4918) and CalDAV (RFC 4791) requests the connector sends.</summary>
/// <remarks>Bodies are built with <see cref="XElement"/>, so values such as a UID are escaped, never spliced into markup.</remarks>
internal static class DavXml
{
    public static readonly XNamespace Dav = "DAV:";
    public static readonly XNamespace CalDav = "urn:ietf:params:xml:ns:caldav";

    /// <summary>PROPFIND for the resource type: is the collection there, and is it a calendar?</summary>
    public static XDocument PropfindResourceType() => Document(
        new XElement(Dav + "propfind", Namespaces(), new XElement(Dav + "prop", new XElement(Dav + "resourcetype"))));

    /// <summary>REPORT calendar-query for the events overlapping a range, with their ETags and iCalendar data.</summary>
    public static XDocument CalendarQuery(TimeRange range) => Document(CalendarQueryElement(TimeRangeElement(range)));

    /// <summary>REPORT calendar-query for the events whose UID contains <paramref name="uid"/> (the caller checks equality).</summary>
    public static XDocument CalendarQueryByUid(string uid) => Document(CalendarQueryElement(
        new XElement(
            CalDav + "prop-filter",
            new XAttribute("name", "UID"),
            new XElement(CalDav + "text-match", new XAttribute("collation", "i;octet"), uid))));

    /// <summary>REPORT free-busy-query for a range (RFC 4791, section 7.10).</summary>
    public static XDocument FreeBusyQuery(TimeRange range) => Document(
        new XElement(CalDav + "free-busy-query", Namespaces(), TimeRangeElement(range)));

    /// <summary>Formats an instant as an iCalendar UTC date-time, as CalDAV time ranges require (<c>20260501T080000Z</c>).</summary>
    public static string UtcStamp(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    private static XElement CalendarQueryElement(XElement eventFilter) =>
        new(
            CalDav + "calendar-query",
            Namespaces(),
            new XElement(Dav + "prop", new XElement(Dav + "getetag"), new XElement(CalDav + "calendar-data")),
            new XElement(
                CalDav + "filter",
                new XElement(
                    CalDav + "comp-filter",
                    new XAttribute("name", "VCALENDAR"),
                    new XElement(CalDav + "comp-filter", new XAttribute("name", "VEVENT"), eventFilter))));

    private static XElement TimeRangeElement(TimeRange range) =>
        new(CalDav + "time-range", new XAttribute("start", UtcStamp(range.From)), new XAttribute("end", UtcStamp(range.To)));

    private static object[] Namespaces() =>
        [new XAttribute(XNamespace.Xmlns + "D", Dav.NamespaceName), new XAttribute(XNamespace.Xmlns + "C", CalDav.NamespaceName)];

    private static XDocument Document(XElement root) => new(new XDeclaration("1.0", "utf-8", null), root);
}
