using System.Collections.Concurrent;
using System.Text.Json;
using MimeKit;
using OperatorOs.Connectors.Email.Internal;
using OperatorOs.Shared;

namespace OperatorOs.Connectors.Email;

/// <summary>Sends, drafts and reads the operator's e-mail: SMTP for sending, IMAP for drafts and reading, each effect at most once per operation token.</summary>
/// <remarks>
/// <para>Capabilities: <c>email.send</c> (<see cref="RiskTier.External"/>, needs SMTP), <c>email.draft</c> (<see cref="RiskTier.Internal"/>,
/// needs IMAP) and <c>email.fetch</c> (<see cref="RiskTier.Read"/>, needs IMAP). <see cref="EmailConnectorOptions.ReadOnly"/> offers only
/// <c>email.fetch</c>.</para>
/// <para><b>Exactly once.</b> Every message gets a Message-ID derived from its operation token (<see cref="GetMessageId"/>), and every
/// send and draft is recorded in a SQLite ledger: <c>pending</c> before the message leaves, <c>completed</c> with the result after.
/// A completed token returns its recorded result and sends nothing. A token left pending or in doubt (a crash between the server
/// taking the message and the ledger recording it, or a connection that broke after the data went out) is looked up by its
/// Message-ID in the Sent folder (sends) or the Drafts folder (drafts) over IMAP: found means done, and the result is recorded.
/// A send not found there is never sent again automatically: <see cref="EmailSendInDoubtException"/> (not transient) reaches the
/// operator, who settles it with <see cref="ResolveInDoubtAsync"/>. A draft not found is saved again, which is harmless.</para>
/// <para><b>Retries.</b> Connecting, authenticating and reading are retried on transient failures (Polly, with the connector's
/// <see cref="TimeProvider"/>); drafts are retried because each attempt searches for the Message-ID before appending. The SMTP
/// transaction that carries a message is never retried, and once it starts the caller's cancellation no longer applies (only the
/// timeout does), so cancelling cannot leave a send in doubt. A refusal by the server (sender, recipient or message rejected) frees
/// the token: nothing was sent.</para>
/// <para><b>Secrets.</b> Passwords are sent only to the configured servers while authenticating; they are redacted from exception
/// messages, and an authentication failure carries no inner exception.</para>
/// <para>This class is thread-safe. Two concurrent executions of one token in this process are not both performed: the second fails
/// with a transient <see cref="ConnectorException"/>.</para>
/// </remarks>
public sealed partial class EmailConnector : Connector
{
    /// <summary>The name of the capability that sends a message.</summary>
    public const string SendCapability = "email.send";

    /// <summary>The name of the capability that saves a draft.</summary>
    public const string DraftCapability = "email.draft";

    /// <summary>The name of the capability that reads messages from a folder.</summary>
    public const string FetchCapability = "email.fetch";

    private readonly EmailConnectorOptions _options;
    private readonly MailboxAddress _from;
    private readonly string _messageIdDomain;
    private readonly EmailLedger _ledger;
    private readonly TimeProvider _timeProvider;
    private readonly MailResilience _resilience;
    private readonly SecretRedactor _redactor;
    private readonly IReadOnlyList<CapabilityDescriptor> _capabilities;
    private readonly TimeSpan _inProgressWindow;
    private readonly ConcurrentDictionary<OperationToken, byte> _inFlight = new();

    /// <summary>Initializes a new instance of the <see cref="EmailConnector"/> class, creating or migrating the ledger file.</summary>
    /// <param name="options">The connector's settings; the values are copied.</param>
    /// <param name="timeProvider">The clock for timeouts, retry delays and result times, or <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <remarks>The constructor opens the ledger file and does no network I/O.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid; the message names the settings, never a credential.</exception>
    /// <exception cref="ConnectorException">The ledger file cannot be created, is damaged, or has a newer schema.</exception>
    public EmailConnector(EmailConnectorOptions options, TimeProvider? timeProvider = null)
        : base(Validated(options).Name)
    {
        _options = options.Copy();
        _timeProvider = timeProvider ?? TimeProvider.System;
        _from = new MailboxAddress(_options.DisplayName, _options.Address!.Trim());
        _messageIdDomain = _options.MessageIdDomain ?? AddressParsing.DomainOf(_from.Address);
        _capabilities = EmailCapabilities.Create(_options);
        _resilience = new MailResilience(_options, _timeProvider);
        _redactor = new SecretRedactor([_options.Smtp.Password, _options.Imap.Password]);
        _inProgressWindow = _options.Timeout * 3;
        _ledger = new EmailLedger(_options.LedgerPath!, Name);
    }

    /// <summary>Gets the address of the mailbox the connector acts for.</summary>
    public string Address => _from.Address;

    /// <summary>Gets the full path of the ledger file.</summary>
    public string LedgerPath => _ledger.Path;

    /// <inheritdoc/>
    public override IReadOnlyList<CapabilityDescriptor> Capabilities => _capabilities;

    /// <summary>Gets or sets a hook the tests use to stop a send after the message left, as a crash would.</summary>
    internal Func<SendStage, ValueTask>? StageReached { get; set; }

    /// <summary>Gets the ledger, for <see cref="EmailInbox"/>.</summary>
    internal EmailLedger Ledger => _ledger;

    /// <summary>Gets the copied options, for <see cref="EmailInbox"/>.</summary>
    internal EmailConnectorOptions Settings => _options;

    /// <summary>Returns the Message-ID of the message that an operation token sends or drafts.</summary>
    /// <param name="token">The operation token.</param>
    /// <returns>The bare Message-ID, <c>oos.{128-bit hash of the token}@{domain}</c>; the header carries it in angle brackets.
    /// The same token always gives the same id, so the operator can look a message up by it.</returns>
    /// <exception cref="ArgumentException"><paramref name="token"/> is the default token.</exception>
    public string GetMessageId(OperationToken token)
    {
        if (token.IsDefault)
        {
            throw new ArgumentException("The operation token is uninitialized.", nameof(token));
        }

        return MessageIds.ForToken(token, _messageIdDomain);
    }

    /// <inheritdoc/>
    /// <remarks>Checks types, required and unknown members, addresses (parsed strictly by MimeKit), Message-IDs, the one-line
    /// subject, body sizes and the recipient limit; does no I/O.</remarks>
    public override void ValidateArguments(string capability, JsonElement arguments) => _ = Parse(capability, arguments);

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled before the message left; nothing was sent.</exception>
    /// <exception cref="EmailSendInDoubtException">It is unknown whether the message was sent; it will not be sent again automatically.</exception>
    /// <exception cref="ConnectorException">The servers could not be reached (transient), refused the credentials or the message, or a
    /// folder does not exist.</exception>
    public override async Task<OperationResult> ExecuteAsync(OperationRequest request, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNull(request);
        object arguments = Parse(request.Capability, request.Arguments);
        cancellationToken.ThrowIfCancellationRequested();

        if (arguments is FetchArguments fetch)
        {
            return await FetchAsync(request, fetch, cancellationToken).ConfigureAwait(false);
        }

        if (!_inFlight.TryAdd(request.Token, 0))
        {
            throw new ConnectorException(Name, $"the operation with token '{request.Token}' is already in progress", isTransient: true);
        }

        try
        {
            var message = (OutgoingMessage)arguments;
            return request.Capability == SendCapability
                ? await SendAsync(request, message, cancellationToken).ConfigureAwait(false)
                : await DraftAsync(request, message, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _ = _inFlight.TryRemove(request.Token, out _);
        }
    }

    /// <inheritdoc/>
    /// <remarks>Answers from the ledger. A token left pending or in doubt is looked up in the Sent or Drafts folder by its Message-ID:
    /// found means <see cref="OperationState.Completed"/> (and is recorded); a draft not found is <see cref="OperationState.NotFound"/>;
    /// a send not found is <see cref="OperationState.InDoubt"/>, because "not found" would invite a second send. Reads are not recorded.</remarks>
    /// <exception cref="ArgumentException"><paramref name="token"/> is the default token.</exception>
    /// <exception cref="ConnectorException">An attempt is still sending (transient), or the ledger or the IMAP server failed.</exception>
    public override async Task<OperationStatus> GetStatusAsync(OperationToken token, CancellationToken cancellationToken = default)
    {
        if (token.IsDefault)
        {
            throw new ArgumentException("The operation token is uninitialized.", nameof(token));
        }

        LedgerEntry? entry = await _ledger.TryGetAsync(token, cancellationToken).ConfigureAwait(false);
        if (entry is null)
        {
            return OperationStatus.NotFound(token);
        }

        try
        {
            OperationResult? result = entry.Result ?? await ResolveUnfinishedAsync(entry, cancellationToken).ConfigureAwait(false);
            return result is null ? OperationStatus.NotFound(token) : OperationStatus.Completed(result);
        }
        catch (EmailSendInDoubtException)
        {
            // The shared answer for "it may have happened and nobody can tell": the caller must not repeat it.
            return OperationStatus.InDoubt(token);
        }
    }

    /// <summary>Settles a send (or draft) whose outcome the connector could not establish, after the operator checked.</summary>
    /// <param name="token">The token of the operation in doubt.</param>
    /// <param name="wasSent"><see langword="true"/> when the message did reach its recipients: the token completes with a result
    /// marked <c>"confirmedBy": "operator"</c>. <see langword="false"/> when it did not: the record is removed, and the next execution
    /// of the token sends the message (with the same Message-ID).</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The token's status afterwards.</returns>
    /// <exception cref="ArgumentException"><paramref name="token"/> is the default token.</exception>
    /// <exception cref="InvalidOperationException">The ledger has no record of the token, or it is recorded as completed and
    /// <paramref name="wasSent"/> is <see langword="false"/>.</exception>
    public async Task<OperationStatus> ResolveInDoubtAsync(OperationToken token, bool wasSent, CancellationToken cancellationToken = default)
    {
        if (token.IsDefault)
        {
            throw new ArgumentException("The operation token is uninitialized.", nameof(token));
        }

        LedgerEntry entry = await _ledger.TryGetAsync(token, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The ledger has no record of token '{token}'; there is nothing to resolve.");
        if (entry.Result is { } recorded)
        {
            return wasSent
                ? OperationStatus.Completed(recorded)
                : throw new InvalidOperationException($"The token '{token}' is recorded as completed; that cannot be undone.");
        }

        if (!wasSent)
        {
            _ = await _ledger.AbandonAsync(token, cancellationToken).ConfigureAwait(false);
            return OperationStatus.NotFound(token);
        }

        OperationResult result = await _ledger.CompleteAsync(Confirmed(entry, "operator", entry.StartedAt), cancellationToken).ConfigureAwait(false);
        return OperationStatus.Completed(result);
    }

    private static EmailConnectorOptions Validated(EmailConnectorOptions options)
    {
        _ = Throw.IfNull(options);
        List<string> failures = EmailConnectorOptionsValidation.GetFailures(options);
        if (failures.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", failures), nameof(options));
        }

        return options;
    }

    private object Parse(string capability, JsonElement arguments)
    {
        _ = Throw.IfNull(capability);
        base.ValidateArguments(capability, arguments);
        return capability == FetchCapability ? ParseFetch(arguments) : ParseMessage(capability, arguments);
    }

    private OutgoingMessage ParseMessage(string capability, JsonElement arguments)
    {
        ArgumentReader.RejectUnknownMembers(capability, arguments, "to", "cc", "bcc", "replyTo", "subject", "text", "html", "inReplyTo", "references");
        int budget = _options.MaxRecipients;
        IReadOnlyList<MailboxAddress> to = ArgumentReader.AddressList(capability, arguments, "to", required: capability == SendCapability, ref budget);
        IReadOnlyList<MailboxAddress> cc = ArgumentReader.AddressList(capability, arguments, "cc", required: false, ref budget);
        IReadOnlyList<MailboxAddress> bcc = ArgumentReader.AddressList(capability, arguments, "bcc", required: false, ref budget);
        MailboxAddress? replyTo = ArgumentReader.OptionalAddress(capability, arguments, "replyTo");
        string subject = ArgumentReader.RequireLine(capability, arguments, "subject", EmailConnectorConstants.MaxSubjectChars);
        string text = ArgumentReader.RequireString(capability, arguments, "text", _options.MaxBodyChars);
        string? html = ArgumentReader.OptionalString(capability, arguments, "html", _options.MaxBodyChars);
        string? inReplyTo = ArgumentReader.OptionalMessageId(capability, arguments, "inReplyTo");
        IReadOnlyList<string> references = ArgumentReader.MessageIdList(capability, arguments, "references", maxCount: 100);
        if (inReplyTo is not null && !references.Contains(inReplyTo, StringComparer.Ordinal))
        {
            // A reply's References end with the message it answers (RFC 5322 section 3.6.4), which keeps it in its thread.
            references = [.. references, inReplyTo];
        }

        return new OutgoingMessage(to, cc, bcc, replyTo, subject, text, html, inReplyTo, references);
    }

    private FetchArguments ParseFetch(JsonElement arguments)
    {
        ArgumentReader.RejectUnknownMembers(FetchCapability, arguments, "folder", "sinceUid", "limit");
        string? folder = ArgumentReader.OptionalString(FetchCapability, arguments, "folder", maxLength: 1000);
        if (folder is not null && (string.IsNullOrWhiteSpace(folder) || folder.Any(char.IsControl)))
        {
            throw new ConnectorArgumentException(FetchCapability, "$.folder", "the folder name must not be blank or contain control characters");
        }

        long? sinceUid = ArgumentReader.OptionalInteger(FetchCapability, arguments, "sinceUid", 0, uint.MaxValue);
        long? limit = ArgumentReader.OptionalInteger(FetchCapability, arguments, "limit", 1, _options.MaxFetchMessages);
        return new FetchArguments(folder, (uint?)sinceUid, (int)(limit ?? Math.Min(EmailConnectorConstants.DefaultFetchLimit, _options.MaxFetchMessages)));
    }

    private async ValueTask ReachedAsync(SendStage stage)
    {
        if (StageReached is { } hook)
        {
            await hook(stage).ConfigureAwait(false);
        }
    }
}
