using OperatorOs;
using TeachingAssistant.Course;

namespace TeachingAssistant.Agents;

/// <summary>The course's agent roles.</summary>
internal static class Roles
{
    public const string TriageName = "triage";

    public const string GraderName = "grader";

    /// <summary>Below this confidence a grade sheet goes to the operator (an escalation with no larger model to ask).</summary>
    public const double GradingEscalationThreshold = 0.7;

    public static AgentRole Triage(MemoryIndex index) => new(TriageName, "You answer students' questions from the course's approved answers and pass everything else on. You never promise refunds, extensions or grades.")
    {
        Purpose = "Answers student mail from approved answers; opens cases for the operator and the enrollment workflow.",
        GrantedCapabilities = ["files.write"],
        ModelKey = "small",   // with no model configured the deterministic strategy answers (offline)
        DeterministicStrategy = new TriageStrategy(index),
    };

    public static AgentRole Grader(MemoryStore memory) => new(GraderName, "You grade submissions strictly against the assignment's published rubric and explain every deduction.")
    {
        Purpose = "Grades submissions against their rubric and files the grade sheets.",
        GrantedCapabilities = ["files.write"],
        ModelKey = "small",
        Escalation = new AgentEscalation(GradingEscalationThreshold) { EscalateTo = "large" },   // no large tier: the operator
        DeterministicStrategy = new GradingStrategy(memory),
    };

    /// <summary>Phrases typical of student mail (with the FAQ's example questions); an email close to none of them goes straight to the operator.</summary>
    public static string[] TriageExemplars { get; } =
    [
        .. CourseFaq.Topics.SelectMany(topic => topic.Examples),
        "when is the assignment due", "what is the deadline for the homework", "is there a penalty for late submission",
        "where are the lecture slides", "where can I find the recordings", "how is the assignment graded", "when will grades be out",
        "can I get an extension", "I need more time for the assignment", "I think my grade is wrong, please regrade",
        "how do I get the certificate", "I cannot log in to the portal", "can I pay in installments", "I want a refund",
        "please cancel my enrollment and give my money back", "I want to withdraw from the course", "what is the refund policy",
        "when are the office hours", "when is the final exam", "can we work in groups", "nobody answers my emails, this is unacceptable",
    ];
}
