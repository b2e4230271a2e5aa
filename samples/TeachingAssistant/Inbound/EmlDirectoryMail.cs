using System.Security.Cryptography;
using System.Text;
using MimeKit;
using OperatorOs.Connectors.Email;
using TeachingAssistant.Time;

namespace TeachingAssistant.Inbound;

/// <summary>An operator's mail export: every <c>.eml</c> file in a directory is a student's message.</summary>
/// <remarks>
/// A message dated inside the semester arrives at that date; any other arrives on the first morning, in file-name order.
/// Each file goes through the Email connector's inbound path (<see cref="InboundEmail.FromMessage"/>). Ids derive from the Message-ID
/// (or, without one, from the sender, date, subject and text), so a resumed run recognises messages it already handled.
/// </remarks>
internal sealed class EmlDirectoryMail : IInboundMail
{
    private readonly string _directory;
    private readonly SemesterCalendar _calendar;
    private readonly TextWriter _errors;
    private IReadOnlyList<InboundMessage>? _messages;

    public EmlDirectoryMail(string directory, SemesterCalendar calendar, TextWriter errors)
    {
        _directory = directory;
        _calendar = calendar;
        _errors = errors;
    }

    public string Description => $"{_directory} ({Load().Count} .eml messages)";

    public Task<IReadOnlyList<InboundMessage>> ReceiveAsync(DateTimeOffset from, DateTimeOffset until, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<InboundMessage>>(Load().Where(m => m.ReceivedAt >= from && m.ReceivedAt < until).ToList());

    private IReadOnlyList<InboundMessage> Load()
    {
        if (_messages is not null)
        {
            return _messages;
        }

        var messages = new List<InboundMessage>();
        int undated = 0;
        foreach (string path in Directory.EnumerateFiles(_directory, "*.eml").Order(StringComparer.Ordinal))
        {
            MimeMessage message;
            try
            {
                message = MimeMessage.Load(path);
            }
            catch (FormatException ex)
            {
                // A malformed message is reported and skipped; the rest of the inbox still runs.
                _errors.WriteLine($"  skipped {Path.GetFileName(path)}: not a readable e-mail ({ex.Message})");
                continue;
            }

            DateTimeOffset date = message.Date;
            DateTimeOffset receivedAt = message.Headers.Contains(HeaderId.Date) && date >= _calendar.Start && date < _calendar.ReviewTime(_calendar.Weeks)
                ? date
                : _calendar.Start.AddHours(8).AddMinutes(undated++);

            // The Email connector's inbound path: threading, text (HTML reduced to text), a derived Message-ID when the file has none.
            InboundEmail email = InboundEmail.FromMessage(message, receivedAt);
            messages.Add(new InboundMessage(IdOf(email.MessageId), email, new Uri(Path.GetFullPath(path)).AbsoluteUri));
        }

        return _messages = messages.OrderBy(m => m.ReceivedAt).ThenBy(m => m.Id, StringComparer.Ordinal).ToList();
    }

    private static string IdOf(string key) => "eml-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16];
}
