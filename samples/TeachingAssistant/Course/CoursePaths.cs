using TeachingAssistant.Agents;

namespace TeachingAssistant.Course;

/// <summary>Where things live in the course's document store (the Files connector) and in memory.</summary>
internal static class CoursePaths
{
    /// <summary>Gets the memory entity holding the course's approved answers (the FAQ and what the operator approved since).</summary>
    public const string AnswersEntity = "course";

    public static string Reply(string student, string messageId) => $"outbox/{student}/{messageId}.md";

    public static string Case(MessageKind kind, string student, string messageId) => $"cases/{CaseFolder(kind)}/{student}/{messageId}.md";

    public static string GradeSheet(string assignment, string student) => $"grades/{assignment}/{student}.json";

    public static string CaseFolder(MessageKind kind) => kind switch
    {
        MessageKind.Refund => "refund",
        MessageKind.Extension => "extension",
        MessageKind.GradeDispute => "grade-dispute",
        MessageKind.Complaint => "complaint",
        MessageKind.Note => "note",
        _ => "question",
    };

    public static bool IsReply(string path) => path.StartsWith("outbox/", StringComparison.Ordinal);

    public static bool IsCase(string path) => path.StartsWith("cases/", StringComparison.Ordinal);

    public static bool IsRefundCase(string path) => path.StartsWith("cases/refund/", StringComparison.Ordinal);

    public static bool IsGradeSheet(string path) => path.StartsWith("grades/", StringComparison.Ordinal);

    public static string MailEntity(string messageId) => "mail/" + messageId;

    public static string SubmissionEntity(string submissionId) => "submission/" + submissionId;

    public static string StudentEntity(string student) => "student/" + student;

    public static string RubricEntity(string assignment) => "rubric/" + assignment;
}
