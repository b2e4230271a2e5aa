namespace TeachingAssistant.Course;

/// <summary>What a student's email really is: the generator's label, known to the simulated operator only.</summary>
internal enum MailKind
{
    Question,
    Extension,
    GradeDispute,
    Refund,
    Complaint,
    Injection,
    Chatter,
}
