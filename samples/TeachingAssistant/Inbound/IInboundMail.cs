namespace TeachingAssistant.Inbound;

/// <summary>Where students' mail comes from: the generated course or a directory of <c>.eml</c> files, each parsed by the Email connector's inbound path.</summary>
/// <remarks>Everything a source delivers is untrusted: the mail desk records each message as an untrusted memory signal (<c>EmailInbox.RecordAsync</c>)
/// and routes it as the intent <c>InboundEmail.ToIntent</c> makes, with <c>TrustLevel.Untrusted</c>.</remarks>
internal interface IInboundMail
{
    /// <summary>Gets a short description for the run's header, e.g. "generated (seed 2026)".</summary>
    string Description { get; }

    /// <summary>Returns the messages that arrived between <paramref name="from"/> (inclusive) and <paramref name="until"/> (exclusive), oldest first.</summary>
    Task<IReadOnlyList<InboundMessage>> ReceiveAsync(DateTimeOffset from, DateTimeOffset until, CancellationToken cancellationToken);
}
