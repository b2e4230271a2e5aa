using System.Text.Json;
using MimeKit;
using OperatorOs.Shared;

namespace OperatorOs.Connectors.Email.Internal;

/// <summary>The checked arguments of <c>email.send</c> or <c>email.draft</c>: what the message says and to whom.</summary>
internal sealed record OutgoingMessage(
    IReadOnlyList<MailboxAddress> To,
    IReadOnlyList<MailboxAddress> Cc,
    IReadOnlyList<MailboxAddress> Bcc,
    MailboxAddress? ReplyTo,
    string Subject,
    string Text,
    string? Html,
    string? InReplyTo,
    IReadOnlyList<string> References)
{
    /// <summary>Gets every recipient, for the operator's summary.</summary>
    public IEnumerable<MailboxAddress> Recipients => To.Concat(Cc).Concat(Bcc);

    /// <summary>Builds the MIME message with the token-derived Message-ID.</summary>
    public MimeMessage Compose(MailboxAddress from, string messageId, DateTimeOffset date)
    {
        var message = new MimeMessage();
        message.From.Add(from);
        message.To.AddRange(To);
        message.Cc.AddRange(Cc);
        message.Bcc.AddRange(Bcc);
        if (ReplyTo is not null)
        {
            message.ReplyTo.Add(ReplyTo);
        }

        message.Subject = Subject;
        message.MessageId = messageId;
        message.Date = date;
        if (InReplyTo is not null)
        {
            message.InReplyTo = InReplyTo;
        }

        foreach (string reference in References)
        {
            message.References.Add(reference);
        }

        message.Body = new BodyBuilder { TextBody = Text, HtmlBody = Html }.ToMessageBody();
        return message;
    }

    /// <summary>Describes the message as JSON, without its body: what the ledger and the result record.</summary>
    public JsonElement Describe(MailboxAddress from, string messageId) => JsonOutput.Build(w =>
    {
        w.WriteStartObject();
        w.WriteString("messageId", messageId);
        w.WriteString("from", from.Address);
        WriteAddresses(w, "to", To);
        WriteAddresses(w, "cc", Cc);
        WriteAddresses(w, "bcc", Bcc);
        if (ReplyTo is not null)
        {
            w.WriteString("replyTo", ReplyTo.Address);
        }

        w.WriteString("subject", Subject);
        if (InReplyTo is not null)
        {
            w.WriteString("inReplyTo", InReplyTo);
        }

        w.WriteStartArray("references");
        foreach (string reference in References)
        {
            w.WriteStringValue(reference);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    });

    private static void WriteAddresses(Utf8JsonWriter writer, string name, IReadOnlyList<MailboxAddress> addresses)
    {
        writer.WriteStartArray(name);
        foreach (MailboxAddress address in addresses)
        {
            writer.WriteStringValue(address.Address);
        }

        writer.WriteEndArray();
    }
}
