using OperatorOs;

namespace TeachingAssistant.Agents;

/// <summary>The course's agent roles.</summary>
internal static class Roles
{
    public static AgentRole Registrar { get; } = new("registrar", "You file student submissions in the course's document store. You never grade, refund or reply.")
    {
        Purpose = "Files every emailed submission under the student's folder.",
        GrantedCapabilities = ["files.write", "files.read"],
        DeterministicStrategy = new RegistrarStrategy(),
    };

    public static string TriageName => "triage";

    public static AgentRole Triage(MemoryIndex index) => new(TriageName, "You answer students' questions from the course's approved answers, as drafts for review. You never promise refunds or extensions.")
    {
        Purpose = "Drafts replies to student questions from approved course facts.",
        GrantedCapabilities = ["files.write"],
        DeterministicStrategy = new TriageStrategy(index),
    };

    /// <summary>Phrases typical of the questions triage answers; intents close to none of them go to the operator.</summary>
    public static string[] TriageExemplars { get; } =
    [
        "when is the assignment due", "what is the deadline for the homework", "where are the lecture slides",
        "where can I find the recordings", "how is the assignment graded", "when will grades be out",
        "can I get an extension", "how do I get the certificate",
    ];
}
