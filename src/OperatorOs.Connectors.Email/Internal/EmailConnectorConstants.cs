namespace OperatorOs.Connectors.Email.Internal;

/// <summary>The defaults and limits of <see cref="EmailConnectorOptions"/>.</summary>
internal static class EmailConnectorConstants
{
    public const string DefaultName = "email";
    public const string DefaultInboxFolder = "INBOX";
    public const string FallbackSentFolder = "Sent";
    public const string FallbackDraftsFolder = "Drafts";
    public const int DefaultSmtpPort = 587;
    public const int DefaultImapPort = 993;
    public const int DefaultMaxRetryAttempts = 2;
    public const int MaxRetryAttemptsLimit = 10;
    public const int DefaultMaxRecipients = 50;
    public const int MaxRecipientsLimit = 1000;
    public const int DefaultMaxBodyChars = 200_000;
    public const int MaxBodyCharsLimit = 10_000_000;
    public const int DefaultMaxFetchMessages = 50;
    public const int MaxFetchMessagesLimit = 500;
    public const int DefaultFetchLimit = 20;
    public const int DefaultMaxInboundTextChars = 20_000;
    public const int MaxInboundTextCharsLimit = 1_000_000;

    /// <summary>The longest subject accepted: one unfolded header line (RFC 5322 section 2.1.1).</summary>
    public const int MaxSubjectChars = 998;

    /// <summary>Inbound text parts larger than this are not downloaded; the message's text is left empty and marked truncated.</summary>
    public const long MaxInboundTextPartBytes = 4 * 1024 * 1024;

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan DefaultRetryDelay = TimeSpan.FromSeconds(1);
}
