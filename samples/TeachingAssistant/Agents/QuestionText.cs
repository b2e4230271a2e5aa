using System.Text.RegularExpressions;

namespace TeachingAssistant.Agents;

/// <summary>The part of an email that asks something: greetings and sign-offs only dilute a similarity search.</summary>
internal static partial class QuestionText
{
    private static readonly string[] QuestionWords =
    [
        "when", "where", "what", "which", "who", "why", "how", "can", "could", "may", "is", "are", "do", "does", "will", "would", "till", "until", "by",
    ];

    /// <summary>Returns the sentences that ask something (a question mark, or a question word first), else the longest paragraph, after a subject that says more than a word or two.</summary>
    public static string Extract(string subject, string body)
    {
        string[] paragraphs = body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        string[] sentences = paragraphs.SelectMany(p => SentenceEnd().Split(p)).Select(s => s.Trim()).Where(s => s.Length > 0).ToArray();
        string[] asking = sentences.Where(IsQuestion).ToArray();
        string core = asking.Length > 0 ? string.Join(' ', asking) : paragraphs.OrderByDescending(p => p.Length).FirstOrDefault() ?? body;
        return subject.Length > 12 ? subject + ". " + core : core;
    }

    private static bool IsQuestion(string sentence)
    {
        if (sentence.Contains('?', StringComparison.Ordinal))
        {
            return true;
        }

        int space = sentence.IndexOf(' ', StringComparison.Ordinal);
        string first = (space < 0 ? sentence : sentence[..space]).TrimEnd(',', ':');
        return QuestionWords.Contains(first, StringComparer.OrdinalIgnoreCase);
    }

    [GeneratedRegex(@"(?<=[.!?])\s+|\n", RegexOptions.CultureInvariant)]
    private static partial Regex SentenceEnd();
}
