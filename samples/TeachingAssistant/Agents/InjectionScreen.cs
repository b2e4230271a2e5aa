using System.Text.RegularExpressions;

namespace TeachingAssistant.Agents;

/// <summary>Recognises prompt-injection attempts in untrusted text: instructions to drop the rules, fake system messages, mass actions.</summary>
/// <remarks>
/// A screen, not the defence: whatever it misses, an agent still holds only its granted capabilities, and the kernel's taint
/// policy holds every external or financial action derived from untrusted text for the operator. The screen lets the agents
/// refuse early and lets the report count attempts.
/// </remarks>
internal static partial class InjectionScreen
{
    /// <summary>Returns the phrase that gave the attempt away, or <see langword="null"/> when the text reads as ordinary.</summary>
    public static string? Inspect(string text)
    {
        Match match = Patterns().Match(text);
        return match.Success ? match.Value : null;
    }

    [GeneratedRegex(
        @"\b(ignore|disregard|forget)\b[^.!?\n]{0,40}\b(rules|instructions|guidelines|rubric|policy|policies)\b" +
        @"|</?system>|\bsystem override\b|\b(admin|developer) mode\b|\byou are now\b|\bwithout restrictions\b" +
        @"|\brefund (everyone|all students|all)\b|\bmark (every|all)\b[^.!?\n]{0,30}\b(submission|assignment)s?\b|\bfull marks\b|\bno approval needed\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Patterns();
}
