using TeachingAssistant.Course;

namespace TeachingAssistant.Inbound;

/// <summary>The generated course's student mail.</summary>
internal sealed class GeneratedMail : IInboundMail
{
    private readonly GeneratedCourse _course;

    public GeneratedMail(GeneratedCourse course)
    {
        _course = course;
    }

    public string Description => $"generated (seed {_course.Seed}, {_course.Mail.Count} messages)";

    public Task<IReadOnlyList<InboundMessage>> ReceiveAsync(DateTimeOffset from, DateTimeOffset until, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<InboundMessage>>(_course.Mail.Where(m => m.ReceivedAt >= from && m.ReceivedAt < until).ToList());
}
