using System.Globalization;
using System.Net.Mail;
using System.Text.Json;
using NodaTime;

namespace OperatorOs.Connectors.Calendar.Internal;

/// <summary>Reads and checks the members of an arguments object, reporting problems as <see cref="ConnectorArgumentException"/> at <c>$.member</c>.</summary>
internal static class ArgumentReader
{
    private static readonly string[] s_offsetFormats = ["yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd'T'HH:mmzzz"];
    private static readonly string[] s_utcFormats = ["yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm'Z'"];
    private static readonly string[] s_localFormats = ["yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm"];

    /// <summary>Rejects members other than <paramref name="allowed"/>, and members that appear twice.</summary>
    public static void RejectUnknownMembers(string capability, JsonElement arguments, params ReadOnlySpan<string> allowed)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (JsonProperty property in arguments.EnumerateObject())
        {
            if (!allowed.Contains(property.Name))
            {
                throw new ConnectorArgumentException(capability, PathOf(property.Name), $"'{property.Name}' is not an argument of {capability}; expected {string.Join(", ", allowed.ToArray())}");
            }

            if (!seen.Add(property.Name))
            {
                throw new ConnectorArgumentException(capability, PathOf(property.Name), "the argument appears more than once");
            }
        }
    }

    /// <summary>Returns a required, non-blank string member of at most <paramref name="maxLength"/> characters.</summary>
    public static string RequireString(string capability, JsonElement arguments, string name, int maxLength)
    {
        string? value = OptionalString(capability, arguments, name, maxLength);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ConnectorArgumentException(capability, PathOf(name), "the argument is required and must be a non-blank string");
        }

        return value;
    }

    /// <summary>Returns an optional string member; absent and <see langword="null"/> both mean "not given".</summary>
    public static string? OptionalString(string capability, JsonElement arguments, string name, int maxLength)
    {
        if (!arguments.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return ReadString(capability, PathOf(name), value, maxLength);
    }

    /// <summary>Returns an optional non-blank string member: given, it must not be blank.</summary>
    public static string? OptionalNonBlankString(string capability, JsonElement arguments, string name, int maxLength)
    {
        string? value = OptionalString(capability, arguments, name, maxLength);
        if (value is not null && string.IsNullOrWhiteSpace(value))
        {
            throw new ConnectorArgumentException(capability, PathOf(name), "the argument must not be blank");
        }

        return value;
    }

    /// <summary>Returns a required event UID: 1 to 255 printable characters without line breaks.</summary>
    public static string RequireUid(string capability, JsonElement arguments, string name)
    {
        string uid = RequireString(capability, arguments, name, 255);
        if (uid.Any(char.IsControl) || uid.Trim().Length != uid.Length)
        {
            throw new ConnectorArgumentException(capability, PathOf(name), "a UID has no control characters and no leading or trailing spaces");
        }

        return uid;
    }

    /// <summary>Returns an optional time zone: an IANA id known to the time zone database, such as <c>Europe/Berlin</c>.</summary>
    public static DateTimeZone? OptionalTimeZone(string capability, JsonElement arguments, string name)
    {
        string? id = OptionalString(capability, arguments, name, 100);
        if (id is null)
        {
            return null;
        }

        return DateTimeZoneProviders.Tzdb.GetZoneOrNull(id)
            ?? throw new ConnectorArgumentException(capability, PathOf(name), $"'{id}' is not a known time zone; use an IANA id such as Europe/Berlin or America/New_York");
    }

    /// <summary>Returns a required ISO 8601 date-time member as an <see cref="EventTime"/>.</summary>
    /// <remarks>With <paramref name="zone"/>, a local time (<c>2026-05-01T10:00:00</c>) is read in that zone and a time with an offset is
    /// converted into it. Without a zone the time needs an offset (<c>Z</c> or <c>+02:00</c>) and is kept in UTC.</remarks>
    public static EventTime RequireTime(string capability, JsonElement arguments, string name, DateTimeZone? zone)
    {
        string path = PathOf(name);
        string text = RequireString(capability, arguments, name, 40);
        bool utcZone = zone is null || IsUtc(zone);

        if (DateTimeOffset.TryParseExact(text, s_utcFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset withOffset)
            || DateTimeOffset.TryParseExact(text, s_offsetFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out withOffset))
        {
            DateTimeOffset instant = withOffset.ToUniversalTime();
            if (utcZone)
            {
                return new EventTime(instant, null, DateTime.SpecifyKind(instant.UtcDateTime, DateTimeKind.Unspecified));
            }

            DateTime local = Instant.FromDateTimeOffset(instant).InZone(zone!).LocalDateTime.ToDateTimeUnspecified();
            return new EventTime(instant, zone!.Id, local);
        }

        if (!DateTime.TryParseExact(text, s_localFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime wallClock))
        {
            throw new ConnectorArgumentException(capability, path, $"'{text}' is not an ISO 8601 date-time in whole seconds, such as 2026-05-01T10:00:00+02:00, 2026-05-01T08:00:00Z or, with timeZone, 2026-05-01T10:00:00");
        }

        if (zone is null)
        {
            throw new ConnectorArgumentException(capability, path, $"'{text}' has no offset: add one (Z or +02:00) or give timeZone");
        }

        if (utcZone)
        {
            var utc = new DateTimeOffset(wallClock, TimeSpan.Zero);
            return new EventTime(utc, null, wallClock);
        }

        try
        {
            ZonedDateTime zoned = zone.AtStrictly(LocalDateTime.FromDateTime(wallClock));
            return new EventTime(zoned.ToDateTimeOffset().ToUniversalTime(), zone.Id, wallClock);
        }
        catch (SkippedTimeException)
        {
            throw new ConnectorArgumentException(capability, path, $"{text} does not exist in {zone.Id}: the clocks skip it when daylight saving time starts");
        }
        catch (AmbiguousTimeException)
        {
            throw new ConnectorArgumentException(capability, path, $"{text} occurs twice in {zone.Id} when daylight saving time ends; give it with an offset instead");
        }
    }

    /// <summary>Returns an optional email address member, optionally with a display name (<c>Ada &lt;ada@example.com&gt;</c>).</summary>
    public static Participant? OptionalParticipant(string capability, JsonElement arguments, string name)
    {
        string? text = OptionalString(capability, arguments, name, 320);
        return text is null ? null : ParseParticipant(capability, PathOf(name), text);
    }

    /// <summary>Returns an optional array of distinct attendee addresses.</summary>
    public static IReadOnlyList<Participant>? OptionalAttendees(string capability, JsonElement arguments, string name)
    {
        if (!arguments.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        string path = PathOf(name);
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw new ConnectorArgumentException(capability, path, $"the argument must be an array of email addresses, not {value.ValueKind}");
        }

        int count = value.GetArrayLength();
        if (count > CalendarConnectorConstants.MaxAttendees)
        {
            throw new ConnectorArgumentException(capability, path, $"an event has at most {CalendarConnectorConstants.MaxAttendees} attendees; {count} were given");
        }

        var attendees = new List<Participant>(count);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        int index = 0;
        foreach (JsonElement item in value.EnumerateArray())
        {
            string itemPath = string.Create(CultureInfo.InvariantCulture, $"{path}[{index}]");
            Participant attendee = ParseParticipant(capability, itemPath, ReadString(capability, itemPath, item, 320));
            if (!seen.Add(attendee.Email))
            {
                throw new ConnectorArgumentException(capability, itemPath, $"{attendee.Email} is listed twice");
            }

            attendees.Add(attendee);
            index++;
        }

        return attendees;
    }

    /// <summary>Returns the JSON path of a top-level member.</summary>
    public static string PathOf(string name) => "$." + name;

    /// <summary>Returns whether a zone is UTC, whatever its id (<c>UTC</c>, <c>Etc/UTC</c>, <c>Etc/GMT</c>).</summary>
    public static bool IsUtc(DateTimeZone zone) => zone.MinOffset == Offset.Zero && zone.MaxOffset == Offset.Zero;

    private static string ReadString(string capability, string path, JsonElement value, int maxLength)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            throw new ConnectorArgumentException(capability, path, $"the argument must be a string, not {value.ValueKind}");
        }

        string text;
        try
        {
            text = value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw new ConnectorArgumentException(capability, path, "the string is not valid Unicode (it contains an unpaired surrogate)");
        }

        if (text.Length > maxLength)
        {
            throw new ConnectorArgumentException(capability, path, $"the string is longer than {maxLength} characters");
        }

        return text;
    }

    private static Participant ParseParticipant(string capability, string path, string text)
    {
        if (text.Any(char.IsControl) || !MailAddress.TryCreate(text.Trim(), out MailAddress? address) || address.Address.Length > 254 || !address.Host.Contains('.', StringComparison.Ordinal))
        {
            throw new ConnectorArgumentException(capability, path, $"'{text}' is not an email address such as ada@example.com or \"Ada Lovelace <ada@example.com>\"");
        }

        return new Participant(address.Address, string.IsNullOrWhiteSpace(address.DisplayName) ? null : address.DisplayName.Trim());
    }
}
