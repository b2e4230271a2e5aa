namespace TeachingAssistant.Inbound;

/// <summary>Where students' mail comes from: the generated course, a directory of <c>.eml</c> files, or (later) an IMAP mailbox through the Email connector.</summary>
/// <remarks>Everything a source delivers is untrusted: the host turns each message into an intent with <c>TrustLevel.Untrusted</c>.</remarks>
internal interface IInboundMail
{
    /// <summary>Gets a short description for the run's header, e.g. "generated (seed 2026)".</summary>
    string Description { get; }

    /// <summary>Returns the messages that arrived between <paramref name="from"/> (inclusive) and <paramref name="until"/> (exclusive), oldest first.</summary>
    Task<IReadOnlyList<InboundMessage>> ReceiveAsync(DateTimeOffset from, DateTimeOffset until, CancellationToken cancellationToken);
}
