namespace TeachingAssistant.Course;

/// <summary>One student's email as the generator writes it; <c>GeneratedMail</c> turns it into a MIME message for the Email connector's inbound path.</summary>
/// <param name="Id">The course's id for the message (the key of the generator's answer key).</param>
/// <param name="From">The sender's address.</param>
/// <param name="Subject">The subject line.</param>
/// <param name="Body">The plain-text body.</param>
/// <param name="ReceivedAt">When it arrives.</param>
internal sealed record CourseMail(string Id, string From, string Subject, string Body, DateTimeOffset ReceivedAt);
