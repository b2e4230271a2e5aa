namespace TeachingAssistant.Course;

/// <summary>The shape of a reply in the outbox: the approved answer, a signature, the student's question quoted.</summary>
internal static class ReplyFormat
{
    private const string Greeting = "Hi,\n\n";
    private const string Signature = "\n\n-- The course team";

    public static string Compose(string answer, string question) =>
        Greeting + answer + Signature + "\n\n" + string.Join('\n', question.Split('\n').Select(line => "> " + line)) + "\n";

    /// <summary>Returns the answer a reply carries, or <see langword="null"/> when the text is not in this shape (an operator rewrote it freely).</summary>
    public static string? AnswerOf(string reply)
    {
        int end = reply.IndexOf(Signature, StringComparison.Ordinal);
        return reply.StartsWith(Greeting, StringComparison.Ordinal) && end > Greeting.Length ? reply[Greeting.Length..end] : null;
    }

    /// <summary>Returns the student's message quoted at the end of a reply, without the quote marks.</summary>
    public static string QuestionOf(string reply) =>
        string.Join('\n', reply.Split('\n').Where(line => line.StartsWith("> ", StringComparison.Ordinal)).Select(line => line[2..])).Trim();
}
