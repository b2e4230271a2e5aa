using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MimeKit;
using OperatorOs.Connectors.Email.Internal;
using OperatorOs.Shared;

namespace OperatorOs.Connectors.Email;

/// <content>Reading over IMAP: <c>email.fetch</c>, and the batches <see cref="EmailInbox"/> receives.</content>
public sealed partial class EmailConnector
{
    private async Task<OperationResult> FetchAsync(OperationRequest request, FetchArguments arguments, CancellationToken cancellationToken)
    {
        FetchedBatch batch = await ReadFolderAsync(arguments.Folder ?? _options.InboxFolder, arguments.SinceUid, arguments.Limit, cancellationToken).ConfigureAwait(false);
        return new OperationResult(
            request.Token,
            request.Capability,
            JsonOutput.Build(w =>
            {
                w.WriteStartObject();
                w.WriteString("folder", batch.Folder);
                w.WriteNumber("uidValidity", batch.UidValidity);
                w.WriteStartArray("messages");
                foreach (InboundEmail message in batch.Messages)
                {
                    message.ToJson().WriteTo(w);
                }

                w.WriteEndArray();
                w.WriteBoolean("more", batch.More);
                w.WriteEndObject();
            }),
            $"Read {batch.Messages.Count} message(s) from {batch.Folder}{(batch.More ? "; more remain" : string.Empty)}",
            _timeProvider.GetUtcNow());
    }

    /// <summary>Reads messages of a folder without marking them read: the most recent <paramref name="limit"/>, or the first
    /// <paramref name="limit"/> after <paramref name="afterUid"/>, in ascending UID order.</summary>
    /// <exception cref="ConnectorException">The IMAP server failed or the folder does not exist.</exception>
    internal Task<FetchedBatch> ReadFolderAsync(string folderName, uint? afterUid, int limit, CancellationToken cancellationToken) =>
        WithImapAsync(
            $"reading the folder {folderName}",
            async (imap, ct) =>
            {
                IMailFolder folder = await MailClients.GetFolderAsync(imap, folderName, SpecialFolder.All, folderName, ct).ConfigureAwait(false);
                _ = await folder.OpenAsync(FolderAccess.ReadOnly, ct).ConfigureAwait(false);
                uint validity = folder.UidValidity;
                if (afterUid == uint.MaxValue)
                {
                    return new FetchedBatch(folder.FullName, validity, [], More: false);
                }

                // A UID range n:* always matches the last message, even when its UID is below n, hence the filter.
                IList<UniqueId> found = afterUid is { } after
                    ? await folder.SearchAsync(new UniqueIdRange(new UniqueId(validity, after + 1), UniqueId.MaxValue), SearchQuery.All, ct).ConfigureAwait(false)
                    : await folder.SearchAsync(SearchQuery.All, ct).ConfigureAwait(false);
                List<UniqueId> ordered = [.. found.Where(uid => afterUid is null || uid.Id > afterUid).OrderBy(uid => uid.Id)];
                List<UniqueId> selected = afterUid is null ? [.. ordered.TakeLast(limit)] : [.. ordered.Take(limit)];
                if (selected.Count == 0)
                {
                    return new FetchedBatch(folder.FullName, validity, [], More: false);
                }

                IList<IMessageSummary> summaries = await folder.FetchAsync(
                    selected,
                    new FetchRequest(MessageSummaryItems.UniqueId | MessageSummaryItems.Envelope | MessageSummaryItems.References
                        | MessageSummaryItems.InternalDate | MessageSummaryItems.BodyStructure),
                    ct).ConfigureAwait(false);
                var messages = new List<InboundEmail>(summaries.Count);
                foreach (IMessageSummary summary in summaries.OrderBy(s => s.UniqueId.Id))
                {
                    messages.Add(await ReadMessageAsync(folder, summary, validity, ct).ConfigureAwait(false));
                }

                return new FetchedBatch(folder.FullName, validity, messages, More: ordered.Count > selected.Count);
            },
            cancellationToken);

    /// <summary>Connects and authenticates to the IMAP server, runs <paramref name="work"/>, and disconnects; retried on transient failures.</summary>
    /// <remarks><paramref name="work"/> must be safe to repeat: a read, or a write that first looks for what it would write.</remarks>
    private async Task<T> WithImapAsync<T>(string what, Func<ImapClient, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            return await _resilience.Retrying.ExecuteAsync(
                static async (state, ct) =>
                {
                    using ImapClient imap = await MailClients.ConnectImapAsync(state.Options.Imap, state.Options.Timeout, ct).ConfigureAwait(false);
                    T result = await state.work(imap, ct).ConfigureAwait(false);
                    await MailClients.DisconnectQuietlyAsync(imap).ConfigureAwait(false);
                    return result;
                },
                (Options: _options, work),
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (MailFailures.IsMailFailure(ex))
        {
            throw MailFailures.Wrap(Name, $"{what} on the IMAP server {_options.Imap.Host}", ex, _redactor);
        }
    }

    private async Task<InboundEmail> ReadMessageAsync(IMailFolder folder, IMessageSummary summary, uint validity, CancellationToken cancellationToken)
    {
        // Only the text (or HTML) part is downloaded, never attachments.
        string text = string.Empty;
        bool omitted = false;
        if ((summary.TextBody ?? summary.HtmlBody) is { } part)
        {
            if (part.Octets > EmailConnectorConstants.MaxInboundTextPartBytes)
            {
                omitted = true;
            }
            else if (await folder.GetBodyPartAsync(summary.UniqueId, part, cancellationToken).ConfigureAwait(false) is TextPart body)
            {
                text = body.IsHtml ? HtmlText.ToPlainText(body.Text) : body.Text;
            }
        }

        // The envelope was requested; a server that sends none leaves every header empty.
        Envelope envelope = summary.Envelope ?? new Envelope();
        uint uid = summary.UniqueId.Id;
        string messageId = MessageIds.Normalize(envelope.MessageId) ?? $"imap.{validity}.{uid}@{AddressParsing.DomainOf(_from.Address)}";
        return InboundEmail.Create(
            messageId,
            MessageIds.Normalize(envelope.InReplyTo),
            [.. (summary.References ?? []).Select(MessageIds.Normalize).OfType<string>()],
            envelope.From.Mailboxes.FirstOrDefault(),
            envelope.To.Mailboxes,
            envelope.Cc.Mailboxes,
            envelope.Subject,
            envelope.Date,
            summary.InternalDate ?? _timeProvider.GetUtcNow(),
            text,
            _options.MaxInboundTextChars,
            omitted) with
        {
            Mailbox = _from.Address,
            Folder = folder.FullName,
            UidValidity = validity,
            Uid = uid,
        };
    }
}
