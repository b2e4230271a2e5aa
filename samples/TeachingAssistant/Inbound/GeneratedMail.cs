using MimeKit;
using OperatorOs.Connectors.Email;
using TeachingAssistant.Course;

namespace TeachingAssistant.Inbound;

/// <summary>The generated course's student mail, delivered as MIME messages through the Email connector's inbound path, as a mailbox would deliver them.</summary>
/// <remarks>Each message gets the Message-ID <c>&lt;{id}@{course}.students.example&gt;</c>, so the same course yields the same ids (and signals, and intents) on every run.</remarks>
internal sealed class GeneratedMail : IInboundMail
{
    private readonly GeneratedCourse _course;

    public GeneratedMail(GeneratedCourse course)
    {
        _course = course;
    }

    public string Description => $"generated (seed {_course.Seed}, {_course.Mail.Count} messages)";

    /// <summary>Gets the course's own address, the <c>To</c> of every generated message.</summary>
    public string CourseAddress => $"{_course.CourseId}@course.example";

    public Task<IReadOnlyList<InboundMessage>> ReceiveAsync(DateTimeOffset from, DateTimeOffset until, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<InboundMessage>>(_course.Mail
            .Where(m => m.ReceivedAt >= from && m.ReceivedAt < until)
            .Select(m => new InboundMessage(m.Id, InboundEmail.FromMessage(ToMime(m), m.ReceivedAt), $"generated/{_course.CourseId}/{m.Id}"))
            .ToList());

    public MimeMessage ToMime(CourseMail mail)
    {
        var message = new MimeMessage
        {
            MessageId = $"{mail.Id}@{_course.CourseId}.students.example",
            Subject = mail.Subject,
            Date = mail.ReceivedAt,
            Body = new TextPart("plain") { Text = mail.Body },
        };
        message.From.Add(new MailboxAddress(_course.FindStudentByEmail(mail.From)?.Name, mail.From));
        message.To.Add(MailboxAddress.Parse(CourseAddress));
        return message;
    }
}
