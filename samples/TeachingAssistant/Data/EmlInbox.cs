using MimeKit;

namespace TeachingAssistant.Data;

/// <summary>Reads an operator's mail export: every <c>.eml</c> file in a directory becomes a question from its sender.</summary>
internal static class EmlInbox
{
    public static IReadOnlyList<Question> Read(string directory, TextWriter errors)
    {
        var questions = new List<Question>();
        foreach (string path in Directory.EnumerateFiles(directory, "*.eml").Order(StringComparer.Ordinal))
        {
            try
            {
                MimeMessage message = MimeMessage.Load(path);
                string sender = message.From.Mailboxes.FirstOrDefault()?.Address ?? "unknown";
                string body = (message.TextBody ?? message.HtmlBody ?? string.Empty).Trim();
                questions.Add(new Question(sender, message.Subject ?? string.Empty, body));
            }
            catch (FormatException ex)
            {
                // A malformed message is reported and skipped; the rest of the inbox still runs.
                errors.WriteLine($"  skipped {Path.GetFileName(path)}: not a readable e-mail ({ex.Message})");
            }
        }

        return questions;
    }
}
