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
}
