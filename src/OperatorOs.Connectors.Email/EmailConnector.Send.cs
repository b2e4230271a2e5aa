using System.Globalization;
using System.Text.Json;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Smtp;
using MimeKit;
using OperatorOs.Connectors.Email.Internal;
using OperatorOs.Shared;

namespace OperatorOs.Connectors.Email;

/// <content>Sending: ledger intent, one SMTP transaction, a copy in the Sent folder, then the recorded result.</content>
public sealed partial class EmailConnector
{
    private async Task<OperationResult> SendAsync(OperationRequest request, OutgoingMessage outgoing, CancellationToken cancellationToken)
    {
        if (await RecordedAsync(request, cancellationToken).ConfigureAwait(false) is { } recorded)
        {
            return recorded;
        }

        string messageId = GetMessageId(request.Token);
        SmtpClient smtp = await ConnectSmtpAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // The last point where cancelling is honoured: after the intent is recorded, only the timeout stops the send.
            cancellationToken.ThrowIfCancellationRequested();
            DateTimeOffset startedAt = _timeProvider.GetUtcNow();
            JsonElement prepared = outgoing.Describe(_from, messageId);
            if (!await _ledger.TryBeginAsync(request.Token, request.Capability, messageId, prepared, startedAt, CancellationToken.None).ConfigureAwait(false))
            {
                // Another process recorded the token after this one looked.
                return await RecordedAsync(request, cancellationToken).ConfigureAwait(false)
                    ?? throw new ConnectorException(Name, $"the record of token '{request.Token}' changed while sending began; try again", isTransient: true);
            }

            MimeMessage message = outgoing.Compose(_from, messageId, startedAt);
            string response = await TransmitAsync(smtp, request.Token, messageId, message).ConfigureAwait(false);
            DateTimeOffset sentAt = _timeProvider.GetUtcNow();
            await MailClients.DisconnectQuietlyAsync(smtp).ConfigureAwait(false);
            await ReachedAsync(SendStage.SmtpAccepted).ConfigureAwait(false);

            bool savedToSent = _options.SaveSentCopy && _options.Imap.IsConfigured && await TrySaveSentCopyAsync(message).ConfigureAwait(false);
            await ReachedAsync(SendStage.SentCopySaved).ConfigureAwait(false);

            var result = new OperationResult(
                request.Token,
                request.Capability,
                WithFields(prepared, w =>
                {
                    w.WriteString("sentAt", sentAt);
                    w.WriteBoolean("savedToSent", savedToSent);
                    w.WriteString("confirmedBy", "smtp");
                    w.WriteString("serverResponse", _redactor.Redact(response));
                }),
                SendSummary(prepared, confirmation: null),
                sentAt);
            return await _ledger.CompleteAsync(result, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            smtp.Dispose();
        }
    }

    /// <summary>Runs the SMTP transaction once; a refusal frees the token, anything else that breaks it leaves the send in doubt.</summary>
    private async Task<string> TransmitAsync(SmtpClient smtp, OperationToken token, string messageId, MimeMessage message)
    {
        try
        {
            return await _resilience.Once.ExecuteAsync(
                static async (state, ct) => await state.smtp.SendAsync(state.message, ct).ConfigureAwait(false),
                (smtp, message),
                CancellationToken.None).ConfigureAwait(false);
        }
        catch (SmtpCommandException ex) when (ex.ErrorCode is SmtpErrorCode.SenderNotAccepted or SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.MessageNotAccepted)
        {
            // The server answered with a refusal, so it certainly did not take the message: the token is free for another attempt.
            _ = await _ledger.AbandonAsync(token, CancellationToken.None).ConfigureAwait(false);
            throw MailFailures.Wrap(Name, $"sending <{messageId}>", ex, _redactor);
        }
        catch (Exception ex)
        {
            await _ledger.MarkInDoubtAsync(token, CancellationToken.None).ConfigureAwait(false);
            if (MailFailures.IsMailFailure(ex))
            {
                throw new EmailSendInDoubtException(Name, token, messageId, _redactor.Redact($"the SMTP transaction broke off ({MailFailures.Describe(ex)})"), ex);
            }

            throw;
        }
    }

    private async Task<SmtpClient> ConnectSmtpAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _resilience.Retrying.ExecuteAsync(
                static async (options, ct) => await MailClients.ConnectSmtpAsync(options.Smtp, options.Timeout, ct).ConfigureAwait(false),
                _options,
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (MailFailures.IsMailFailure(ex))
        {
            throw MailFailures.Wrap(Name, $"connecting to the SMTP server {_options.Smtp.Host}", ex, _redactor);
        }
    }

    /// <summary>Appends the sent message to the Sent folder, once; failing only means the copy is missing.</summary>
    private async Task<bool> TrySaveSentCopyAsync(MimeMessage message)
    {
        try
        {
            return await _resilience.Once.ExecuteAsync(
                static async (state, ct) =>
                {
                    using ImapClient imap = await MailClients.ConnectImapAsync(state.Options.Imap, state.Options.Timeout, ct).ConfigureAwait(false);
                    IMailFolder sent = await MailClients.GetFolderAsync(imap, state.Options.SentFolder, SpecialFolder.Sent, EmailConnectorConstants.FallbackSentFolder, ct).ConfigureAwait(false);
                    _ = await sent.AppendAsync(new AppendRequest(state.message, MessageFlags.Seen), ct).ConfigureAwait(false);
                    await MailClients.DisconnectQuietlyAsync(imap).ConfigureAwait(false);
                    return true;
                },
                (Options: _options, message),
                CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (MailFailures.IsMailFailure(ex))
        {
            return false;
        }
    }

    /// <summary>Returns the recorded result of a request's token, or <see langword="null"/> when the effect has not happened yet.</summary>
    /// <exception cref="ConnectorException">The token was used for another capability, or it is being performed by another attempt.</exception>
    /// <exception cref="EmailSendInDoubtException">The token's send is in doubt.</exception>
    private async Task<OperationResult?> RecordedAsync(OperationRequest request, CancellationToken cancellationToken)
    {
        LedgerEntry? entry = await _ledger.TryGetAsync(request.Token, cancellationToken).ConfigureAwait(false);
        if (entry is null)
        {
            return null;
        }

        if (!string.Equals(entry.Capability, request.Capability, StringComparison.Ordinal))
        {
            throw new ConnectorException(Name, $"the token '{request.Token}' was used for '{entry.Capability}', not '{request.Capability}'", isTransient: false);
        }

        return entry.Result ?? await ResolveUnfinishedAsync(entry, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Settles a pending or in-doubt token by looking for its Message-ID where the effect lands.</summary>
    /// <returns>The result, recorded now, when the message is there; <see langword="null"/> for a draft that is not (saving it again is safe).</returns>
    /// <exception cref="ConnectorException">Another attempt may still be performing the token (transient).</exception>
    /// <exception cref="EmailSendInDoubtException">A send whose message is not in the Sent folder, or cannot be looked up.</exception>
    private async Task<OperationResult?> ResolveUnfinishedAsync(LedgerEntry entry, CancellationToken cancellationToken)
    {
        bool isSend = entry.Capability == SendCapability;
        if (_options.Imap.IsConfigured)
        {
            string? folderName = isSend ? _options.SentFolder : _options.DraftsFolder;
            (SpecialFolder special, string fallback) = isSend
                ? (SpecialFolder.Sent, EmailConnectorConstants.FallbackSentFolder)
                : (SpecialFolder.Drafts, EmailConnectorConstants.FallbackDraftsFolder);
            ((UniqueId Uid, DateTimeOffset? InternalDate)? Found, string Folder) lookup = await WithImapAsync(
                $"looking up <{entry.MessageId}>",
                async (imap, ct) =>
                {
                    IMailFolder folder = await MailClients.GetFolderAsync(imap, folderName, special, fallback, ct).ConfigureAwait(false);
                    _ = await folder.OpenAsync(FolderAccess.ReadOnly, ct).ConfigureAwait(false);
                    return (await MailClients.FindByMessageIdAsync(folder, entry.MessageId, ct).ConfigureAwait(false), folder.FullName);
                },
                cancellationToken).ConfigureAwait(false);
            if (lookup.Found is { } copy)
            {
                OperationResult confirmed = isSend
                    ? Confirmed(entry, "sent-folder", entry.StartedAt)
                    : DraftResult(entry.Token, entry.Capability, entry.Prepared, lookup.Folder, copy.Uid.Id, entry.StartedAt);
                return await _ledger.CompleteAsync(confirmed, CancellationToken.None).ConfigureAwait(false);
            }
        }

        if (entry.State == LedgerState.Pending && _timeProvider.GetUtcNow() - entry.StartedAt < _inProgressWindow)
        {
            throw new ConnectorException(Name, $"the operation with token '{entry.Token}' was begun at {entry.StartedAt:O} and may still be in progress; ask again later", isTransient: true);
        }

        if (!isSend)
        {
            return null;
        }

        string reason = _options.Imap.IsConfigured
            ? entry.State == LedgerState.InDoubt
                ? "the SMTP transaction broke off after the message data was sent, and no copy is in the Sent folder"
                : "the attempt that sent it stopped before recording the result, and no copy is in the Sent folder"
            : "the attempt that sent it did not record the result, and without IMAP the Sent folder cannot be checked";
        throw new EmailSendInDoubtException(Name, entry.Token, entry.MessageId, reason);
    }

    /// <summary>Builds the result of a send confirmed after the fact.</summary>
    private OperationResult Confirmed(LedgerEntry entry, string confirmedBy, DateTimeOffset sentAt)
    {
        if (entry.Capability != SendCapability)
        {
            return DraftResult(entry.Token, entry.Capability, entry.Prepared, _options.DraftsFolder ?? EmailConnectorConstants.FallbackDraftsFolder, uid: null, sentAt);
        }

        return new OperationResult(
            entry.Token,
            entry.Capability,
            WithFields(entry.Prepared, w =>
            {
                w.WriteString("sentAt", sentAt);
                w.WriteBoolean("savedToSent", confirmedBy == "sent-folder");
                w.WriteString("confirmedBy", confirmedBy);
            }),
            SendSummary(entry.Prepared, confirmedBy),
            sentAt);
    }

    private static string SendSummary(JsonElement prepared, string? confirmation)
    {
        IEnumerable<string> recipients = new[] { "to", "cc", "bcc" }
            .SelectMany(name => prepared.TryGetProperty(name, out JsonElement list) ? list.EnumerateArray().Select(a => a.GetString()!) : []);
        string summary = string.Create(
            CultureInfo.InvariantCulture,
            $"Sent \"{prepared.GetProperty("subject").GetString()}\" to {string.Join(", ", recipients)} as <{prepared.GetProperty("messageId").GetString()}>");
        return confirmation switch
        {
            null => summary,
            "operator" => summary + " (confirmed by the operator)",
            _ => summary + " (found in the Sent folder after an interrupted attempt)",
        };
    }

    private static JsonElement WithFields(JsonElement prepared, Action<Utf8JsonWriter> write) => JsonOutput.Build(w =>
    {
        w.WriteStartObject();
        foreach (JsonProperty property in prepared.EnumerateObject())
        {
            property.WriteTo(w);
        }

        write(w);
        w.WriteEndObject();
    });
}
