using System.Text;
using System.Xml.Linq;

namespace OperatorOs.Connectors.Calendar.Internal;

/// <summary>One WebDAV or CalDAV request: method, target, conditions and body.</summary>
internal sealed class DavRequest
{
    private DavRequest(HttpMethod method, Uri uri, bool isRetryable)
    {
        Method = method;
        Uri = uri;
        IsRetryable = isRetryable;
    }

    /// <summary>Gets the method.</summary>
    public HttpMethod Method { get; }

    /// <summary>Gets the target.</summary>
    public Uri Uri { get; }

    /// <summary>Gets a value indicating whether repeating the request after a failed attempt cannot cause a second effect.</summary>
    /// <remarks>True for the reads (GET, PROPFIND, REPORT) and for conditional writes: a PUT with <c>If-None-Match: *</c> cannot create a
    /// second event, and a PUT or DELETE with <c>If-Match</c> applies only to the version it was made for (a repeat after success gets
    /// 412 or 404, which the connector interprets). MKCALENDAR is not retried.</remarks>
    public bool IsRetryable { get; }

    /// <summary>Gets the <c>If-Match</c> ETag, if any.</summary>
    public string? IfMatch { get; private init; }

    /// <summary>Gets a value indicating whether the request carries <c>If-None-Match: *</c>.</summary>
    public bool IfNoneMatchAny { get; private init; }

    /// <summary>Gets the <c>Depth</c> header, if any.</summary>
    public string? Depth { get; private init; }

    /// <summary>Gets the body, if any.</summary>
    public byte[]? Body { get; private init; }

    /// <summary>Gets the media type of the body.</summary>
    public string? BodyMediaType { get; private init; }

    /// <summary>Gets the request as a short text for messages, for example <c>PUT /alice/calendar/x.ics</c>.</summary>
    public string What => $"{Method.Method} {Uri.AbsolutePath}";

    public static DavRequest Get(Uri uri) => new(HttpMethod.Get, uri, isRetryable: true);

    public static DavRequest Propfind(Uri uri, XDocument body, string depth) =>
        new(new HttpMethod("PROPFIND"), uri, isRetryable: true) { Depth = depth, Body = Xml(body), BodyMediaType = "application/xml" };

    public static DavRequest Report(Uri uri, XDocument body, string depth) =>
        new(new HttpMethod("REPORT"), uri, isRetryable: true) { Depth = depth, Body = Xml(body), BodyMediaType = "application/xml" };

    public static DavRequest MkCalendar(Uri uri) => new(new HttpMethod("MKCALENDAR"), uri, isRetryable: false);

    /// <summary>A PUT that only creates: it fails with 412 when the resource exists.</summary>
    public static DavRequest Create(Uri uri, string icalendar) =>
        new(HttpMethod.Put, uri, isRetryable: true) { IfNoneMatchAny = true, Body = Encoding.UTF8.GetBytes(icalendar), BodyMediaType = "text/calendar" };

    /// <summary>A PUT that only replaces the version with <paramref name="etag"/>: it fails with 412 when the resource changed.</summary>
    public static DavRequest Replace(Uri uri, string icalendar, string etag) =>
        new(HttpMethod.Put, uri, isRetryable: true) { IfMatch = etag, Body = Encoding.UTF8.GetBytes(icalendar), BodyMediaType = "text/calendar" };

    /// <summary>A DELETE of the version with <paramref name="etag"/>.</summary>
    public static DavRequest Delete(Uri uri, string etag) => new(HttpMethod.Delete, uri, isRetryable: true) { IfMatch = etag };

    private static byte[] Xml(XDocument document) =>
        Encoding.UTF8.GetBytes(document.Declaration + document.ToString(SaveOptions.DisableFormatting));
}
