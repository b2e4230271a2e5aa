using OperatorOs;
using TeachingAssistant.Time;

namespace TeachingAssistant.Course;

/// <summary>What the operator puts in memory before the first week: the published FAQ and each assignment's rubric (its memory version is the rubric's version).</summary>
internal sealed class CourseSetup
{
    public const string DefinitionAttribute = "definition";

    private readonly MemoryStore _memory;
    private readonly AnswerLibrary _answers;
    private readonly GeneratedCourse _course;
    private readonly SemesterCalendar _calendar;

    public CourseSetup(MemoryStore memory, AnswerLibrary answers, GeneratedCourse course, SemesterCalendar calendar)
    {
        _memory = memory;
        _answers = answers;
        _course = course;
        _calendar = calendar;
    }

    /// <summary>Publishes what is not in memory yet; returns how many records were written.</summary>
    public async Task<int> PublishAsync(CancellationToken cancellationToken)
    {
        int written = await _answers.PublishFaqAsync(cancellationToken);
        foreach (Assignment assignment in _course.Assignments)
        {
            string entity = CoursePaths.RubricEntity(assignment.Id);
            if (await _memory.GetAsync(entity, DefinitionAttribute, cancellationToken) is not null)
            {
                continue;
            }

            DateTimeOffset due = _calendar.WeekStart(assignment.DueWeek).AddDays(7).AddMinutes(-1);
            var provenance = new Provenance(ActorKind.Operator, "operator") { InputReferences = ["course/handbook"] };
            await _memory.WriteAsync(new MemoryWrite(entity, DefinitionAttribute, MemoryKind.Fact, RubricDocument.ToJson(assignment, due), provenance), cancellationToken);
            written++;
        }

        return written;
    }
}
