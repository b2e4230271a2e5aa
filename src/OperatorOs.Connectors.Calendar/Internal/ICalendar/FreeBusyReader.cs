using System.Globalization;
using System.Text;
using IcalDuration = Ical.Net.DataTypes.Duration;

namespace OperatorOs.Connectors.Calendar.Internal;

/// <summary>Reads the busy periods of the VFREEBUSY a CalDAV free-busy-query answers (RFC 4791, section 7.10; RFC 5545, section 3.8.2.6).</summary>
/// <remarks>Ical.Net 5.2.4 parses VFREEBUSY components but drops the values of their FREEBUSY properties, so this reader takes the
/// content lines itself: it unfolds them, and reads every FREEBUSY period (start/end or start/duration, in UTC as RFC 5545 requires)
/// whose FBTYPE is not FREE.</remarks>
internal static class FreeBusyReader
{
    /// <summary>Returns the busy periods of the document.</summary>
    /// <exception cref="InvalidDataException">The text is not a VCALENDAR with a VFREEBUSY, or a FREEBUSY value is malformed.</exception>
    public static List<(DateTimeOffset Start, DateTimeOffset End)> Read(string text)
    {
        List<string> lines = Unfold(text);
        if (lines.Count == 0 || !lines[0].Equals("BEGIN:VCALENDAR", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidDataException("free/busy data that is not an iCalendar object (it does not start with BEGIN:VCALENDAR)");
        }

        var periods = new List<(DateTimeOffset, DateTimeOffset)>();
        bool inFreeBusy = false;
        bool sawFreeBusy = false;
        foreach (string line in lines)
        {
            if (line.Equals("BEGIN:VFREEBUSY", StringComparison.OrdinalIgnoreCase))
            {
                inFreeBusy = sawFreeBusy = true;
                continue;
            }

            if (line.Equals("END:VFREEBUSY", StringComparison.OrdinalIgnoreCase))
            {
                inFreeBusy = false;
                continue;
            }

            if (!inFreeBusy || !line.StartsWith("FREEBUSY", StringComparison.OrdinalIgnoreCase) || line.Length <= 8 || line[8] is not (';' or ':'))
            {
                continue;
            }

            int colon = line.IndexOf(':', StringComparison.Ordinal);
            bool free = line[8..colon].Split(';', StringSplitOptions.RemoveEmptyEntries)
                .Any(p => p.Equals("FBTYPE=FREE", StringComparison.OrdinalIgnoreCase) || p.Equals("FBTYPE=\"FREE\"", StringComparison.OrdinalIgnoreCase));
            if (free)
            {
                continue;
            }

            foreach (string period in line[(colon + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                periods.Add(ParsePeriod(period));
            }
        }

        if (!sawFreeBusy)
        {
            throw new InvalidDataException("an iCalendar object without a VFREEBUSY component");
        }

        return periods;
    }

    private static (DateTimeOffset, DateTimeOffset) ParsePeriod(string period)
    {
        int slash = period.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            throw new InvalidDataException($"the FREEBUSY period '{period}' without a '/'");
        }

        DateTimeOffset start = ParseUtc(period[..slash]);
        string rest = period[(slash + 1)..];
        DateTimeOffset end;
        if (rest.StartsWith('P') || rest.StartsWith("+P", StringComparison.Ordinal))
        {
            IcalDuration? duration;
            try
            {
                duration = IcalDuration.Parse(rest);
            }
            catch (FormatException ex)
            {
                throw new InvalidDataException($"the FREEBUSY period '{period}' with a malformed duration", ex);
            }

            end = start + (duration ?? throw new InvalidDataException($"the FREEBUSY period '{period}' with a malformed duration")).ToTimeSpanUnspecified();
        }
        else
        {
            end = ParseUtc(rest);
        }

        if (end < start)
        {
            throw new InvalidDataException($"the FREEBUSY period '{period}' that ends before it starts");
        }

        return (start, end);
    }

    private static DateTimeOffset ParseUtc(string text) =>
        DateTimeOffset.TryParseExact(text, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset value)
            ? value.ToUniversalTime()
            : throw new InvalidDataException($"the FREEBUSY time '{text}', which is not a UTC date-time such as 20260501T080000Z");

    private static List<string> Unfold(string text)
    {
        var lines = new List<string>();
        var current = new StringBuilder();
        foreach (string raw in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            if (raw.Length > 0 && raw[0] is ' ' or '\t')
            {
                _ = current.Append(raw, 1, raw.Length - 1);
                continue;
            }

            if (current.Length > 0)
            {
                lines.Add(current.ToString());
                _ = current.Clear();
            }

            _ = current.Append(raw);
        }

        if (current.Length > 0)
        {
            lines.Add(current.ToString());
        }

        return lines.Select(l => l.TrimEnd()).Where(l => l.Length > 0).ToList();
    }
}
