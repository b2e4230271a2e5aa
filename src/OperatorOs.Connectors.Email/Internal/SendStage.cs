namespace OperatorOs.Connectors.Email.Internal;

/// <summary>The points in a send after the message left, where a crash leaves the token unacknowledged; tests stop a send there.</summary>
internal enum SendStage
{
    /// <summary>The SMTP server accepted the message; no copy is in the Sent folder yet.</summary>
    SmtpAccepted = 0,

    /// <summary>The copy was appended to the Sent folder (when configured); the result is not recorded yet.</summary>
    SentCopySaved = 1,
}
