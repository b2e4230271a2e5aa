namespace TeachingAssistant.Agents;

/// <summary>What the triage agent makes of a message.</summary>
internal enum MessageKind
{
    Question,
    Extension,
    GradeDispute,
    Refund,
    Complaint,
    Injection,

    /// <summary>No question at all: thanks, greetings, small talk.</summary>
    Note,
}
