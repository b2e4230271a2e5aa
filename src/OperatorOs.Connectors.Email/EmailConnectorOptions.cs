using MailKit.Security;
using OperatorOs.Connectors.Email.Internal;

namespace OperatorOs.Connectors.Email;

/// <summary>Represents the settings of an <see cref="EmailConnector"/>: the mailbox it acts for, its SMTP and IMAP servers, its ledger and its limits.</summary>
/// <remarks>
/// <para>The properties are plain settable values, so the options bind from configuration (for example a section <c>Email</c>, with
/// the passwords in environment variables such as <c>Email__Smtp__Password</c>). The connector copies the values when it is created;
/// changing the options afterwards has no effect on it.</para>
/// <para><see cref="ToString"/> redacts the passwords.</para>
/// </remarks>
public class EmailConnectorOptions
{
    /// <summary>Gets or sets the connector's name.</summary>
    /// <value>The default value is <c>email</c>.</value>
    public string Name { get; set; } = EmailConnectorConstants.DefaultName;

    /// <summary>Gets or sets the mailbox's address: the <c>From</c> of every message sent, and the mailbox inbound mail is read from.</summary>
    /// <value>Required, for example <c>office@example.com</c>.</value>
    public string? Address { get; set; }

    /// <summary>Gets or sets the display name sent with <see cref="Address"/>.</summary>
    /// <value>The default value is <see langword="null"/>: the address alone.</value>
    public string? DisplayName { get; set; }

    /// <summary>Gets or sets the domain of the Message-IDs the connector derives from operation tokens.</summary>
    /// <value>The default value is <see langword="null"/>: the domain of <see cref="Address"/>.</value>
    public string? MessageIdDomain { get; set; }

    /// <summary>Gets or sets the path of the SQLite file that records every send and draft per operation token, and the inbox position.</summary>
    /// <value>Required. It is created when missing; a relative path is resolved against the current directory.</value>
    public string? LedgerPath { get; set; }

    /// <summary>Gets the SMTP server that sends mail.</summary>
    /// <value>Port 587 with <see cref="SecureSocketOptions.StartTls"/> unless configured; a host is required unless <see cref="ReadOnly"/> is set.</value>
    public EmailServerOptions Smtp { get; } = new() { Port = EmailConnectorConstants.DefaultSmtpPort, Security = SecureSocketOptions.StartTls };

    /// <summary>Gets the IMAP server that holds the mailbox: inbound mail, drafts and the copies of sent mail.</summary>
    /// <value>Port 993 with <see cref="SecureSocketOptions.SslOnConnect"/> unless configured. Without a host the connector offers neither
    /// <c>email.draft</c> nor <c>email.fetch</c>, and cannot resolve a send that was interrupted (see <see cref="EmailSendInDoubtException"/>).</value>
    public EmailServerOptions Imap { get; } = new() { Port = EmailConnectorConstants.DefaultImapPort, Security = SecureSocketOptions.SslOnConnect };

    /// <summary>Gets or sets the IMAP folder inbound mail is read from.</summary>
    /// <value>The default value is <c>INBOX</c>.</value>
    public string InboxFolder { get; set; } = EmailConnectorConstants.DefaultInboxFolder;

    /// <summary>Gets or sets the IMAP folder that holds copies of sent mail.</summary>
    /// <value>The default value is <see langword="null"/>: the folder the server marks <c>\Sent</c>, or else <c>Sent</c>.</value>
    public string? SentFolder { get; set; }

    /// <summary>Gets or sets the IMAP folder drafts are saved to.</summary>
    /// <value>The default value is <see langword="null"/>: the folder the server marks <c>\Drafts</c>, or else <c>Drafts</c>.</value>
    public string? DraftsFolder { get; set; }

    /// <summary>Gets or sets a value indicating whether the connector appends a copy of each sent message to <see cref="SentFolder"/>.</summary>
    /// <value>The default value is <see langword="true"/> (when IMAP is configured). Set it to <see langword="false"/> for servers that file
    /// submitted mail in the Sent folder themselves (Gmail, Microsoft 365), or the copy would appear twice.</value>
    public bool SaveSentCopy { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether the connector offers only its Read-tier capability, <c>email.fetch</c>.</summary>
    /// <value>The default value is <see langword="false"/>. When <see langword="true"/>, <c>email.send</c> and <c>email.draft</c> are neither listed nor executable.</value>
    public bool ReadOnly { get; set; }

    /// <summary>Gets or sets how long one attempt (connecting, authenticating and one command such as sending a message) may take.</summary>
    /// <value>The default value is 30 seconds. It must be positive and at most 10 minutes.</value>
    public TimeSpan Timeout { get; set; } = EmailConnectorConstants.DefaultTimeout;

    /// <summary>Gets or sets how many times a failed connection or read is retried. Sending a message is never retried blindly.</summary>
    /// <value>The default value is 2. It must be between 0 and 10.</value>
    public int MaxRetryAttempts { get; set; } = EmailConnectorConstants.DefaultMaxRetryAttempts;

    /// <summary>Gets or sets the base delay between attempts; it grows exponentially, with jitter.</summary>
    /// <value>The default value is 1 second. It must not be negative.</value>
    public TimeSpan RetryDelay { get; set; } = EmailConnectorConstants.DefaultRetryDelay;

    /// <summary>Gets or sets the most recipients (to, cc and bcc together) one message may have.</summary>
    /// <value>The default value is 50. It must be between 1 and 1,000.</value>
    public int MaxRecipients { get; set; } = EmailConnectorConstants.DefaultMaxRecipients;

    /// <summary>Gets or sets the longest text or HTML body, in characters, of a message sent or drafted.</summary>
    /// <value>The default value is 200,000. It must be between 1 and 10,000,000.</value>
    public int MaxBodyChars { get; set; } = EmailConnectorConstants.DefaultMaxBodyChars;

    /// <summary>Gets or sets the most messages one <c>email.fetch</c> or one batch of <see cref="EmailInbox.ReceiveAsync(CancellationToken)"/> reads.</summary>
    /// <value>The default value is 50. It must be between 1 and 500.</value>
    public int MaxFetchMessages { get; set; } = EmailConnectorConstants.DefaultMaxFetchMessages;

    /// <summary>Gets or sets how many characters of an inbound message's text are kept; the rest is cut and the message marked truncated.</summary>
    /// <value>The default value is 20,000. It must be between 1 and 1,000,000.</value>
    public int MaxInboundTextChars { get; set; } = EmailConnectorConstants.DefaultMaxInboundTextChars;

    /// <summary>Describes the options with every password redacted.</summary>
    /// <returns>A one-line description, safe to log.</returns>
    public override string ToString() =>
        $"{nameof(EmailConnectorOptions)} {{ Name = {Name}, Address = {Address}, LedgerPath = {LedgerPath}, Smtp = {Smtp}, Imap = {Imap}, ReadOnly = {ReadOnly} }}";

    /// <summary>Returns a copy, so a connector is not affected by later changes to the options.</summary>
    internal EmailConnectorOptions Copy()
    {
        var copy = new EmailConnectorOptions
        {
            Name = Name,
            Address = Address,
            DisplayName = DisplayName,
            MessageIdDomain = MessageIdDomain,
            LedgerPath = LedgerPath,
            InboxFolder = InboxFolder,
            SentFolder = SentFolder,
            DraftsFolder = DraftsFolder,
            SaveSentCopy = SaveSentCopy,
            ReadOnly = ReadOnly,
            Timeout = Timeout,
            MaxRetryAttempts = MaxRetryAttempts,
            RetryDelay = RetryDelay,
            MaxRecipients = MaxRecipients,
            MaxBodyChars = MaxBodyChars,
            MaxFetchMessages = MaxFetchMessages,
            MaxInboundTextChars = MaxInboundTextChars,
        };
        CopyServer(Smtp, copy.Smtp);
        CopyServer(Imap, copy.Imap);
        return copy;
    }

    private static void CopyServer(EmailServerOptions from, EmailServerOptions to)
    {
        to.Host = from.Host;
        to.Port = from.Port;
        to.Security = from.Security;
        to.Username = from.Username;
        to.Password = from.Password;
    }
}
