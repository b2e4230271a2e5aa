namespace TeachingAssistant.Data;

/// <summary>The operator's answers to the questions students ask most, stored as course facts.</summary>
internal static class CourseFaq
{
    public static IReadOnlyList<(string Attribute, string Answer)> Entries { get; } =
    [
        ("faq/deadline", "Assignments are due every Sunday at 23:59 UTC; late work loses 10% per day, up to three days."),
        ("faq/slides", "Lecture slides and recordings are posted in the course portal under Week N > Materials within a day of each lecture."),
        ("faq/grading", "Each assignment is graded against its published rubric within a week; grade disputes go to the instructor within 7 days."),
        ("faq/extension", "Extensions of up to three days are granted for illness or emergencies if you ask before the deadline."),
        ("faq/certificate", "The certificate is issued automatically once all twelve assignments are passed with at least 60%."),
    ];
}
