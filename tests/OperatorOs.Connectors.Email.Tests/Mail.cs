using MimeKit;

namespace OperatorOs.Connectors.Email.Tests;

/// <summary>Builds inbound messages as an outside sender would write them.</summary>
internal static class Mail
{
    public static MimeMessage From(string sender, string to, string subject, string text, string? messageId = null, string? inReplyTo = null, params string[] references)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(sender));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        message.MessageId = messageId ?? $"{Guid.NewGuid():N}@school.test";
        if (inReplyTo is not null)
        {
            message.InReplyTo = inReplyTo;
        }

        foreach (string reference in references)
        {
            message.References.Add(reference);
        }

        message.Body = new TextPart("plain") { Text = text };
        return message;
    }
}
