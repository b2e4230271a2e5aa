namespace TeachingAssistant.Course;

/// <summary>A whole generated semester: roster, assignments, mail, submissions and payments, and the answer key the simulated operator judges by.</summary>
internal sealed record GeneratedCourse(
    string CourseId,
    int Seed,
    IReadOnlyList<Student> Students,
    IReadOnlyList<Assignment> Assignments,
    IReadOnlyList<CourseMail> Mail,
    IReadOnlyDictionary<string, MailTruth> MailTruth,
    IReadOnlyList<CourseSubmission> Submissions,
    IReadOnlyList<PaymentEvent> Payments)
{
    public Student? FindStudentByEmail(string address) =>
        Students.FirstOrDefault(student => string.Equals(student.Email, address, StringComparison.OrdinalIgnoreCase));

    public Student? FindStudent(string id) => Students.FirstOrDefault(student => string.Equals(student.Id, id, StringComparison.Ordinal));
}
