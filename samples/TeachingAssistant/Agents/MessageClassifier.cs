using System.Text.RegularExpressions;

namespace TeachingAssistant.Agents;

/// <summary>The triage agent's offline reading of a message: keyword rules in a fixed order, injection first.</summary>
internal static partial class MessageClassifier
{
    public static MessageKind Classify(string subject, string body)
    {
        string text = subject + "\n" + body;
        if (InjectionScreen.Inspect(text) is not null)
        {
            return MessageKind.Injection;
        }

        if (RefundRequest().IsMatch(text))
        {
            return MessageKind.Refund;
        }

        if (ExtensionRequest().IsMatch(text))
        {
            return MessageKind.Extension;
        }

        if (GradeDispute().IsMatch(text))
        {
            return MessageKind.GradeDispute;
        }

        if (AngerOf(text) > 0)
        {
            return MessageKind.Complaint;
        }

        // Thanks and greetings get no FAQ answer; the operator may want to reply in person.
        return Gratitude().IsMatch(text) && !text.Contains('?', StringComparison.Ordinal) ? MessageKind.Note : MessageKind.Question;
    }

    // Exclamation runs, shouting and strong words; an angry student gets a person, never an automatic reply.
    private static int AngerOf(string text) => Anger().Matches(text).Count + Shouting().Matches(text).Count;

    [GeneratedRegex(@"\b(i want a refund|refund (me|my|what i paid)|get a refund|money back|cancel my enrollment|withdr(aw|ew)|drop the course|my refund|refund request|asked for a refund)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RefundRequest();

    [GeneratedRegex(@"\b(extension|more time|extra days|more days|hand in .{1,40} next week)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ExtensionRequest();

    [GeneratedRegex(@"\b(re-?grade|grade for .{1,40} is wrong|lose points on|lost points|score for .{1,40} too low|marking of|look at it again)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex GradeDispute();

    [GeneratedRegex(@"[!?]{3,}|\b(ridiculous|unacceptable|disgrace|furious|worst|angry|useless)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Anger();

    [GeneratedRegex(@"\b(thanks for|thank you for|enjoy the course|happy holidays|great lecture)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Gratitude();

    [GeneratedRegex(@"\b[A-Z]{5,}\b", RegexOptions.CultureInvariant)]
    private static partial Regex Shouting();
}
