namespace OperatorOs.Connectors.Email;

/// <summary>The exception that is thrown when it is unknown whether a message was sent: the connector will not send it again by itself.</summary>
/// <remarks>
/// <para>A send is in doubt when its SMTP transaction broke after the message data went out (the server may have taken it), or when
/// a process crashed between sending and recording the result, and the copy in the Sent folder that would prove the send is not
/// there (or IMAP is not configured). Sending again could deliver the message twice, so the connector refuses; the exception is not
/// transient, so the kernel stops retrying and the failure reaches the operator.</para>
/// <para>The operator checks (the recipient, the server's logs, the Sent folder for <see cref="MessageId"/>) and settles it with
/// <see cref="EmailConnector.ResolveInDoubtAsync"/>: sent (the token completes) or not sent (the next execution sends).</para>
/// </remarks>
public sealed class EmailSendInDoubtException : ConnectorException
{
    /// <summary>Initializes a new instance of the <see cref="EmailSendInDoubtException"/> class.</summary>
    /// <param name="connector">The connector's name.</param>
    /// <param name="token">The token of the send in doubt.</param>
    /// <param name="messageId">The message's token-derived Message-ID.</param>
    /// <param name="reason">Why it is in doubt.</param>
    /// <param name="innerException">The failure that left it in doubt, if any.</param>
    public EmailSendInDoubtException(string connector, OperationToken token, string messageId, string reason, Exception? innerException = null)
        : base(
            connector,
            $"it is unknown whether the message <{messageId}> of token '{token}' was sent: {reason}. It will not be sent again automatically; check, then resolve it with {nameof(EmailConnector)}.{nameof(EmailConnector.ResolveInDoubtAsync)}",
            isTransient: false,
            innerException)
    {
        Token = token;
        MessageId = messageId;
    }

    /// <summary>Gets the token of the send in doubt.</summary>
    public OperationToken Token { get; }

    /// <summary>Gets the message's Message-ID, in its bare form <c>id@domain</c>.</summary>
    public string MessageId { get; }
}
