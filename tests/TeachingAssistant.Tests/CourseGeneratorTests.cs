using TeachingAssistant.Course;

namespace TeachingAssistant.Tests;

public sealed class CourseGeneratorTests
{
    [Fact]
    public void Generate_FullSemester_IsTheSizeTheMainJobPromises()
    {
        GeneratedCourse course = CourseGenerator.Generate(seed: 2026, studentCount: 200, weeks: 12);

        Assert.Equal(200, course.Students.Count);
        Assert.True(course.Mail.Count >= 1500, $"{course.Mail.Count} emails");
        Assert.True(course.Submissions.Count >= 500, $"{course.Submissions.Count} submissions");
        Assert.True(course.Payments.Count >= 200, $"{course.Payments.Count} payments");
        Assert.Equal(6, course.Assignments.Count);
        Assert.All(course.Assignments, a => Assert.Equal(100, a.MaxPoints));
    }

    [Fact]
    public void Generate_FullSemester_HasEveryKindOfMail()
    {
        GeneratedCourse course = CourseGenerator.Generate(seed: 2026, studentCount: 200, weeks: 12);

        var kinds = course.MailTruth.Values.GroupBy(t => t.Kind).ToDictionary(g => g.Key, g => g.Count());

        Assert.All(Enum.GetValues<MailKind>(), kind => Assert.True(kinds.GetValueOrDefault(kind) > 0, $"no {kind} mail"));
        Assert.True(kinds[MailKind.Injection] >= 20, $"{kinds[MailKind.Injection]} injection attempts");
        Assert.True(kinds[MailKind.Refund] >= 10, $"{kinds[MailKind.Refund]} refund requests");
        Assert.True(course.MailTruth.Values.Where(t => t.Kind == MailKind.Question).Select(t => t.Topic).Distinct().Count() >= 10);
    }

    [Fact]
    public void Generate_SameSeed_SameCourse()
    {
        GeneratedCourse first = CourseGenerator.Generate(seed: 7, studentCount: 40, weeks: 12);
        GeneratedCourse second = CourseGenerator.Generate(seed: 7, studentCount: 40, weeks: 12);

        Assert.Equal(first.Students, second.Students);
        Assert.Equal(first.Mail, second.Mail);
        Assert.Equal(first.Submissions, second.Submissions);
        Assert.Equal(first.Payments, second.Payments);
    }

    [Fact]
    public void Generate_OtherSeed_OtherCourse()
    {
        GeneratedCourse first = CourseGenerator.Generate(seed: 7, studentCount: 40, weeks: 4);
        GeneratedCourse second = CourseGenerator.Generate(seed: 8, studentCount: 40, weeks: 4);

        Assert.NotEqual(first.Mail.Select(m => m.Body), second.Mail.Select(m => m.Body));
    }

    [Fact]
    public void Generate_FewerWeeks_IsTheStartOfTheLongerSemester()
    {
        GeneratedCourse slice = CourseGenerator.Generate(seed: 7, studentCount: 40, weeks: 3);
        GeneratedCourse whole = CourseGenerator.Generate(seed: 7, studentCount: 40, weeks: 12);

        Assert.Equal(slice.Mail, whole.Mail.Take(slice.Mail.Count));
        Assert.All(slice.Submissions, s => Assert.Contains(s, whole.Submissions));
        Assert.All(slice.Mail, m => Assert.True(m.ReceivedAt < CourseGenerator.CalendarFor(3).ReviewTime(3)));
    }

    [Fact]
    public void Generate_MailComesFromEnrolledStudents()
    {
        GeneratedCourse course = CourseGenerator.Generate(seed: 7, studentCount: 40, weeks: 12);

        Assert.All(course.Mail, m => Assert.NotNull(course.FindStudentByEmail(m.From)));
        Assert.Equal(course.Mail.Count, course.Mail.Select(m => m.Id).Distinct().Count());
    }
}
