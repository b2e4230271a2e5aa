using System.Text.Json;
using MimeKit;
using OperatorOs.Connectors.Email.Internal;
using OperatorOs.Shared;

namespace OperatorOs.Connectors.Email;

/// <summary>Represents one inbound e-mail as OperatorOs sees it: who wrote, in which thread, what it says. Its content is untrusted.</summary>
/// <remarks>
/// <para>Everything in an inbound message is written by someone outside the business, including text that tries to instruct an
/// agent. <see cref="ToIntent"/> therefore creates intents with <see cref="TrustLevel.Untrusted"/>, which the kernel's taint policy
/// follows into every proposal derived from them; the memory signals <see cref="EmailInbox"/> writes say <c>"trust": "Untrusted"</c>.</para>
/// <para>Message-IDs are in their bare form, <c>id@domain</c>. Instances are immutable.</para>
/// </remarks>
public sealed record InboundEmail
{
    /// <summary>The intent name <see cref="ToIntent"/> uses unless told otherwise.</summary>
    public const string DefaultIntentName = "email.received";

    /// <summary>Gets the message's Message-ID; one is derived from the message when it has none.</summary>
    public required string MessageId { get; init; }

    /// <summary>Gets the id of the message's thread: the first of its References, else its In-Reply-To, else its own Message-ID.</summary>
    public required string ThreadId { get; init; }

    /// <summary>Gets the Message-ID the message answers, if any.</summary>
    public string? InReplyTo { get; init; }

    /// <summary>Gets the Message-IDs of the thread the message belongs to, oldest first.</summary>
    public IReadOnlyList<string> References { get; init; } = [];

    /// <summary>Gets the sender's address; empty when the message names none.</summary>
    public required string From { get; init; }

    /// <summary>Gets the sender's display name, if any.</summary>
    public string? FromName { get; init; }

    /// <summary>Gets the addresses in the <c>To</c> header.</summary>
    public IReadOnlyList<string> To { get; init; } = [];

    /// <summary>Gets the addresses in the <c>Cc</c> header.</summary>
    public IReadOnlyList<string> Cc { get; init; } = [];

    /// <summary>Gets the subject.</summary>
    public string Subject { get; init; } = string.Empty;

    /// <summary>Gets the date the sender's software claims, which the sender controls; <see langword="null"/> when absent.</summary>
    public DateTimeOffset? Date { get; init; }

    /// <summary>Gets when the mail server (or the operator's export) received the message.</summary>
    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>Gets the message's text: its plain-text part, or the text of its HTML part.</summary>
    public string Text { get; init; } = string.Empty;

    /// <summary>Gets a value indicating whether <see cref="Text"/> was cut to the configured length (or left out because the part was too large).</summary>
    public bool TextTruncated { get; init; }

    /// <summary>Gets the address of the mailbox the message was read from, if it came from one.</summary>
    public string? Mailbox { get; init; }

    /// <summary>Gets the IMAP folder the message was read from, if any.</summary>
    public string? Folder { get; init; }

    /// <summary>Gets the folder's UIDVALIDITY when the message was read, if it came from IMAP.</summary>
    public uint? UidValidity { get; init; }

    /// <summary>Gets the message's IMAP UID, if it came from IMAP.</summary>
    public uint? Uid { get; init; }

    /// <summary>Gets the memory entity of the message's signal: <c>thread/{threadId}</c>, one entity per conversation.</summary>
    public string MemoryEntity => $"thread/{ThreadId}";

    /// <summary>Gets the memory attribute of the message's signal: <c>email/{messageId}</c>.</summary>
    public string MemoryAttribute => $"email/{MessageId}";

    /// <summary>Creates an inbound e-mail from a parsed MIME message, such as an <c>.eml</c> file of an operator's export.</summary>
    /// <param name="message">The message.</param>
    /// <param name="receivedAt">When it was received.</param>
    /// <param name="maxTextChars">How many characters of the text to keep.</param>
    /// <returns>The inbound e-mail.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxTextChars"/> is less than 1.</exception>
    public static InboundEmail FromMessage(MimeMessage message, DateTimeOffset receivedAt, int maxTextChars = 20_000)
    {
        _ = Throw.IfNull(message);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTextChars, 1);

        MailboxAddress? from = message.From.Mailboxes.FirstOrDefault();
        string text = message.TextBody ?? (message.HtmlBody is { } html ? HtmlText.ToPlainText(html) : string.Empty);
        DateTimeOffset? date = message.Headers.Contains(HeaderId.Date) ? message.Date : null;
        string messageId = MessageIds.Normalize(message.MessageId)
            ?? $"derived.{MessageIds.Hash($"{from?.Address}\n{date:O}\n{message.Subject}\n{text}")}@message-id.invalid";
        return Create(
            messageId,
            MessageIds.Normalize(message.InReplyTo),
            [.. message.References.Select(MessageIds.Normalize).OfType<string>()],
            from,
            message.To.Mailboxes,
            message.Cc.Mailboxes,
            message.Subject,
            date,
            receivedAt,
            text,
            maxTextChars);
    }

    /// <summary>Describes the message as a JSON object: the payload of <see cref="ToIntent"/> and the value of its memory signal.</summary>
    /// <returns>The JSON object, with <c>"trust": "Untrusted"</c>.</returns>
    public JsonElement ToJson() => JsonOutput.Build(w =>
    {
        w.WriteStartObject();
        w.WriteString("messageId", MessageId);
        w.WriteString("threadId", ThreadId);
        if (InReplyTo is not null)
        {
            w.WriteString("inReplyTo", InReplyTo);
        }

        WriteStrings(w, "references", References);
        w.WriteString("from", From);
        if (FromName is not null)
        {
            w.WriteString("fromName", FromName);
        }

        WriteStrings(w, "to", To);
        WriteStrings(w, "cc", Cc);
        w.WriteString("subject", Subject);
        if (Date is { } date)
        {
            w.WriteString("date", date);
        }

        w.WriteString("receivedAt", ReceivedAt);
        w.WriteString("text", Text);
        w.WriteBoolean("textTruncated", TextTruncated);
        if (Mailbox is not null)
        {
            w.WriteString("mailbox", Mailbox);
        }

        if (Folder is not null)
        {
            w.WriteString("folder", Folder);
        }

        if (UidValidity is { } validity && Uid is { } uid)
        {
            w.WriteNumber("uidValidity", validity);
            w.WriteNumber("uid", uid);
        }

        w.WriteString("trust", nameof(TrustLevel.Untrusted));
        w.WriteEndObject();
    });

    /// <summary>Describes the message's memory signal: what <see cref="EmailInbox"/> records for each message it receives.</summary>
    /// <param name="provenance">Who received the message and from where.</param>
    /// <param name="now">The current time: a signal is valid from the receipt time, or from now when the receipt time lies ahead.</param>
    /// <returns>A <see cref="MemoryKind.Signal"/> write under <see cref="MemoryEntity"/> and <see cref="MemoryAttribute"/> with the value
    /// <see cref="ToJson"/> (<c>"trust": "Untrusted"</c>), expecting no earlier version so the same message is never recorded twice.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="provenance"/> is <see langword="null"/>.</exception>
    public MemoryWrite ToSignal(Provenance provenance, DateTimeOffset now) =>
        new(MemoryEntity, MemoryAttribute, MemoryKind.Signal, ToJson(), Throw.IfNull(provenance))
        {
            // Version 0 expected: a signal written by an interrupted earlier receive is not written again.
            ExpectedVersion = 0,
            ValidFrom = ReceivedAt <= now ? ReceivedAt : now,
        };

    /// <summary>Creates the intent a host submits to the kernel for this message, marked <see cref="TrustLevel.Untrusted"/>.</summary>
    /// <param name="timeProvider">The clock that stamps the intent.</param>
    /// <param name="intentName">The intent name; <see cref="DefaultIntentName"/> by default.</param>
    /// <returns>The intent: payload <see cref="ToJson"/>, source <c>email:{From}</c>, and an id derived from the mailbox and
    /// Message-ID, so receiving the same message again yields the same intent id.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="timeProvider"/> or <paramref name="intentName"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidIntentException"><paramref name="intentName"/> is not a valid intent name.</exception>
    public Intent ToIntent(TimeProvider timeProvider, string intentName = DefaultIntentName)
    {
        _ = Throw.IfNull(timeProvider);
        _ = Throw.IfNull(intentName);
        string id = MessageIds.Hash($"{Mailbox}\n{MessageId}");
        string source = From.Length > 0 ? $"email:{From}" : "email:unknown";
        return new Intent(id, intentName, ToJson(), source, TrustLevel.Untrusted, id, timeProvider.GetUtcNow());
    }

    /// <summary>Creates an inbound e-mail from its parts, threading it and cutting its text.</summary>
    internal static InboundEmail Create(
        string messageId,
        string? inReplyTo,
        IReadOnlyList<string> references,
        MailboxAddress? from,
        IEnumerable<MailboxAddress> to,
        IEnumerable<MailboxAddress> cc,
        string? subject,
        DateTimeOffset? date,
        DateTimeOffset receivedAt,
        string text,
        int maxTextChars,
        bool textOmitted = false) =>
        new()
        {
            MessageId = messageId,
            ThreadId = MessageIds.ThreadIdOf(messageId, inReplyTo, references),
            InReplyTo = inReplyTo,
            References = references,
            From = from?.Address ?? string.Empty,
            FromName = string.IsNullOrEmpty(from?.Name) ? null : from.Name,
            To = [.. to.Select(a => a.Address)],
            Cc = [.. cc.Select(a => a.Address)],
            Subject = subject ?? string.Empty,
            Date = date,
            ReceivedAt = receivedAt,
            Text = Cut(text, maxTextChars),
            TextTruncated = textOmitted || text.Length > maxTextChars,
        };

    // Cuts at a character boundary: never between the halves of a surrogate pair.
    private static string Cut(string text, int maxChars)
    {
        if (text.Length <= maxChars)
        {
            return text;
        }

        int length = char.IsHighSurrogate(text[maxChars - 1]) ? maxChars - 1 : maxChars;
        return text[..length];
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, IReadOnlyList<string> values)
    {
        writer.WriteStartArray(name);
        foreach (string value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}
