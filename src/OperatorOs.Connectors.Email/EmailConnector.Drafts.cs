using System.Globalization;
using System.Text.Json;
using MailKit;
using MimeKit;
using OperatorOs.Connectors.Email.Internal;

namespace OperatorOs.Connectors.Email;

/// <content>Drafts: appended to the Drafts folder over IMAP, each attempt searching for the Message-ID first.</content>
public sealed partial class EmailConnector
{
    private async Task<OperationResult> DraftAsync(OperationRequest request, OutgoingMessage outgoing, CancellationToken cancellationToken)
    {
        if (await RecordedAsync(request, cancellationToken).ConfigureAwait(false) is { } recorded)
        {
            return recorded;
        }

        // Here the token is unknown, or an earlier attempt ended and its draft is not in the folder: saving it is safe either way.
        string messageId = GetMessageId(request.Token);
        DateTimeOffset startedAt = _timeProvider.GetUtcNow();
        JsonElement prepared = outgoing.Describe(_from, messageId);
        _ = await _ledger.TryBeginAsync(request.Token, request.Capability, messageId, prepared, startedAt, cancellationToken).ConfigureAwait(false);

        MimeMessage message = outgoing.Compose(_from, messageId, startedAt);
        (uint? Uid, string Folder) saved;
        try
        {
            saved = await WithImapAsync(
                $"saving the draft <{messageId}>",
                async (imap, ct) =>
                {
                    IMailFolder drafts = await MailClients.GetFolderAsync(imap, _options.DraftsFolder, SpecialFolder.Drafts, EmailConnectorConstants.FallbackDraftsFolder, ct).ConfigureAwait(false);
                    _ = await drafts.OpenAsync(FolderAccess.ReadOnly, ct).ConfigureAwait(false);

                    // A retry after an APPEND whose answer was lost finds the draft instead of saving it twice.
                    if (await MailClients.FindByMessageIdAsync(drafts, messageId, ct).ConfigureAwait(false) is { } existing)
                    {
                        return ((uint?)existing.Uid.Id, drafts.FullName);
                    }

                    UniqueId? appended = await drafts.AppendAsync(new AppendRequest(message, MessageFlags.Draft | MessageFlags.Seen), ct).ConfigureAwait(false);
                    return (appended?.Id, drafts.FullName);
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // The attempt is over; the next one (or a status query) searches the Drafts folder before anything else.
            await _ledger.MarkInDoubtAsync(request.Token, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        OperationResult result = DraftResult(request.Token, request.Capability, prepared, saved.Folder, saved.Uid, _timeProvider.GetUtcNow());
        return await _ledger.CompleteAsync(result, CancellationToken.None).ConfigureAwait(false);
    }

    private OperationResult DraftResult(OperationToken token, string capability, JsonElement prepared, string folder, uint? uid, DateTimeOffset savedAt) =>
        new(
            token,
            capability,
            WithFields(prepared, w =>
            {
                w.WriteString("folder", folder);
                if (uid is { } value)
                {
                    w.WriteNumber("uid", value);
                }
                else
                {
                    w.WriteNull("uid");
                }

                w.WriteString("savedAt", savedAt);
            }),
            string.Create(
                CultureInfo.InvariantCulture,
                $"Saved the draft \"{prepared.GetProperty("subject").GetString()}\" as <{prepared.GetProperty("messageId").GetString()}>"),
            savedAt);
}
