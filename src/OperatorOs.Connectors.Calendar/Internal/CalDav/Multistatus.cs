using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace OperatorOs.Connectors.Calendar.Internal;

/// <summary>Reads a WebDAV <c>DAV:multistatus</c> body (RFC 4918, section 13) into <see cref="DavResource"/>s.</summary>
/// <remarks>DTDs are prohibited and no external resource is resolved, so a hostile server cannot expand entities or make the
/// connector fetch files. Anything that is not a well-formed multistatus fails with a <see cref="CalendarConnectorException"/>
/// naming the request and, for XML errors, the line and position.</remarks>
internal static class Multistatus
{
    private static readonly XmlReaderSettings s_settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
    };

    /// <summary>Parses the body of a 207 response.</summary>
    /// <exception cref="CalendarConnectorException">The body is not well-formed XML, not a multistatus, or a response lacks its href.</exception>
    public static IReadOnlyList<DavResource> Parse(DavResponse response, string connector)
    {
        XDocument document;
        try
        {
            using var stream = new MemoryStream(response.Body, writable: false);
            using var reader = XmlReader.Create(stream, s_settings);
            document = XDocument.Load(reader, LoadOptions.None);
        }
        catch (XmlException ex)
        {
            throw Malformed(connector, response, $"the body is not well-formed XML: {ex.Message}", ex);
        }

        XElement root = document.Root!;
        if (root.Name != DavXml.Dav + "multistatus")
        {
            throw Malformed(connector, response, $"expected a DAV:multistatus document, found <{root.Name.LocalName}> in namespace '{root.Name.NamespaceName}'", null);
        }

        var resources = new List<DavResource>();
        int index = 0;
        foreach (XElement item in root.Elements(DavXml.Dav + "response"))
        {
            string? href = item.Element(DavXml.Dav + "href")?.Value.Trim();
            if (string.IsNullOrEmpty(href))
            {
                throw Malformed(connector, response, $"DAV:response #{index + 1} has no DAV:href", null);
            }

            int? status = item.Element(DavXml.Dav + "status") is { } statusElement ? StatusCodeOf(statusElement.Value) : null;
            string? etag = null;
            string? calendarData = null;
            bool isCollection = false;
            bool isCalendar = false;
            foreach (XElement propstat in item.Elements(DavXml.Dav + "propstat"))
            {
                if (StatusCodeOf(propstat.Element(DavXml.Dav + "status")?.Value) is not (null or 200))
                {
                    continue;
                }

                foreach (XElement prop in propstat.Elements(DavXml.Dav + "prop").Elements())
                {
                    if (prop.Name == DavXml.Dav + "getetag")
                    {
                        etag = prop.Value.Trim();
                    }
                    else if (prop.Name == DavXml.CalDav + "calendar-data")
                    {
                        calendarData = prop.Value;
                    }
                    else if (prop.Name == DavXml.Dav + "resourcetype")
                    {
                        isCollection = prop.Element(DavXml.Dav + "collection") is not null;
                        isCalendar = prop.Element(DavXml.CalDav + "calendar") is not null;
                    }
                }
            }

            resources.Add(new DavResource(href, status, string.IsNullOrEmpty(etag) ? null : etag, calendarData, isCollection, isCalendar));
            index++;
        }

        return resources;
    }

    /// <summary>Reads the code of a status line such as <c>HTTP/1.1 404 Not Found</c>; <see langword="null"/> when there is none.</summary>
    private static int? StatusCodeOf(string? line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return null;
        }

        string[] parts = line.Trim().Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 2 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int code) ? code : null;
    }

    private static CalendarConnectorException Malformed(string connector, DavResponse response, string problem, Exception? inner) =>
        new(connector, $"{response.What} answered with a malformed multistatus: {problem}", isTransient: false, innerException: inner);
}
