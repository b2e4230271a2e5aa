using System.Globalization;
using OperatorOs.Connectors.Email.Internal;
using OperatorOs.Shared;

namespace OperatorOs.Connectors.Email;

/// <summary>Takes inbound mail from the connector's IMAP inbox into memory as untrusted signals, once per message, and hands each new
/// message to the host (for example to submit <see cref="InboundEmail.ToIntent"/> to the kernel).</summary>
/// <remarks>
/// <para>Each new message becomes one <see cref="MemoryKind.Signal"/> record: entity <c>thread/{threadId}</c> (so a thread's messages
/// are one entity), attribute <c>email/{messageId}</c>, value <see cref="InboundEmail.ToJson"/> (with <c>"trust": "Untrusted"</c>),
/// valid from the server's receipt time, written by the connector with the message's IMAP URL as input reference.</para>
/// <para><b>Once per message.</b> The ledger keeps the folder's UIDVALIDITY and the highest UID taken in, and every Message-ID
/// received; a message is recorded only after its signal is written and the handler returned. Receiving again reads only newer
/// UIDs; a message seen again under another UID (a new UIDVALIDITY, a copy) is skipped by its Message-ID; a signal already in memory
/// is not written twice. The handler is called at least once per message: if it throws, or the process stops before the message is
/// recorded, the next receive hands the message over again (with the same <see cref="InboundEmail.ToIntent"/> id).</para>
/// <para>The first receive of a folder takes its most recent <see cref="EmailConnectorOptions.MaxFetchMessages"/> messages; older
/// mail is left alone. Messages are read without being marked as read.</para>
/// <para>This class is thread-safe; concurrent receives on one instance run one after the other.</para>
/// </remarks>
public sealed class EmailInbox : IDisposable
{
    private readonly EmailConnector _connector;
    private readonly MemoryStore _memory;
    private readonly TimeProvider _timeProvider;
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Initializes a new instance of the <see cref="EmailInbox"/> class.</summary>
    /// <param name="connector">The connector whose IMAP mailbox, ledger and limits the inbox uses.</param>
    /// <param name="memory">The memory the signals are written to.</param>
    /// <param name="timeProvider">The clock, or <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="connector"/> or <paramref name="memory"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The connector has no IMAP server configured.</exception>
    public EmailInbox(EmailConnector connector, MemoryStore memory, TimeProvider? timeProvider = null)
    {
        _connector = Throw.IfNull(connector);
        _memory = Throw.IfNull(memory);
        _timeProvider = timeProvider ?? TimeProvider.System;
        if (!connector.Settings.Imap.IsConfigured)
        {
            throw new ArgumentException($"The connector '{connector.Name}' has no IMAP server configured ({nameof(EmailConnectorOptions)}.{nameof(EmailConnectorOptions.Imap)}.{nameof(EmailServerOptions.Host)}).", nameof(connector));
        }
    }

    /// <summary>Gets the address of the mailbox.</summary>
    public string Mailbox => _connector.Address;

    /// <summary>Gets the folder mail is received from.</summary>
    public string Folder => _connector.Settings.InboxFolder;

    /// <summary>Receives new messages into memory.</summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>What was received.</returns>
    /// <exception cref="ConnectorException">The IMAP server or the ledger failed; what was received before the failure stays received.</exception>
    public Task<EmailReceiveResult> ReceiveAsync(CancellationToken cancellationToken = default) => ReceiveAsync(null, cancellationToken);

    /// <summary>Receives new messages into memory and hands each to <paramref name="onReceived"/>.</summary>
    /// <param name="onReceived">Called once per new message after its signal is written, oldest first; <see langword="null"/> for none.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>What was received.</returns>
    /// <exception cref="ConnectorException">The IMAP server or the ledger failed; what was received before the failure stays received.</exception>
    public async Task<EmailReceiveResult> ReceiveAsync(Func<InboundEmail, CancellationToken, ValueTask>? onReceived, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var received = new List<InboundEmail>();
            int signals = 0;
            int skipped = 0;
            EmailLedger ledger = _connector.Ledger;
            int batchSize = _connector.Settings.MaxFetchMessages;
            while (true)
            {
                InboxCursor? cursor = await ledger.GetCursorAsync(Mailbox, Folder, cancellationToken).ConfigureAwait(false);
                uint? after = cursor?.LastUid;
                FetchedBatch batch = await _connector.ReadFolderAsync(Folder, after, batchSize, cancellationToken).ConfigureAwait(false);
                if (cursor is not null && batch.UidValidity != cursor.UidValidity)
                {
                    // The server renumbered the folder: old UIDs mean nothing. Start as on a first receive; Message-IDs keep
                    // messages received before out.
                    after = null;
                    batch = await _connector.ReadFolderAsync(Folder, after, batchSize, cancellationToken).ConfigureAwait(false);
                }

                foreach (InboundEmail message in batch.Messages)
                {
                    if (await ledger.WasReceivedAsync(Mailbox, message.MessageId, cancellationToken).ConfigureAwait(false))
                    {
                        skipped++;
                    }
                    else
                    {
                        if (await WriteSignalAsync(message, cancellationToken).ConfigureAwait(false))
                        {
                            signals++;
                        }

                        if (onReceived is not null)
                        {
                            await onReceived(message, cancellationToken).ConfigureAwait(false);
                        }

                        received.Add(message);
                    }

                    await ledger.RecordReceivedAsync(Mailbox, Folder, batch.UidValidity, message.Uid!.Value, message.MessageId, message.ReceivedAt, CancellationToken.None).ConfigureAwait(false);
                }

                // Without a cursor the batch was the most recent messages; "more" then means older mail, which is left alone.
                if (after is null || !batch.More)
                {
                    return new EmailReceiveResult(received, signals, skipped);
                }
            }
        }
        finally
        {
            _ = _gate.Release();
        }
    }

    /// <summary>Records a received message in memory as its untrusted signal, once: the same record <see cref="ReceiveAsync(CancellationToken)"/> writes for IMAP mail, for mail that arrives another way (an <c>.eml</c> export, a webhook, a test).</summary>
    /// <param name="memory">The memory the signal is written to.</param>
    /// <param name="message">The message.</param>
    /// <param name="provenance">Who received it and from where (for example the connector, with the message's IMAP or file URL as input reference).</param>
    /// <param name="timeProvider">The clock, or <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns><see langword="true"/> when the signal was written; <see langword="false"/> when memory already held it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="memory"/>, <paramref name="message"/> or <paramref name="provenance"/> is <see langword="null"/>.</exception>
    /// <remarks>The record is <see cref="InboundEmail.ToSignal"/>'s: a <see cref="MemoryKind.Signal"/> under <see cref="InboundEmail.MemoryEntity"/>
    /// and <see cref="InboundEmail.MemoryAttribute"/>, written only when no version exists yet, so recording again (a resumed run) adds nothing.</remarks>
    public static async Task<bool> RecordAsync(MemoryStore memory, InboundEmail message, Provenance provenance, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNull(memory);
        _ = Throw.IfNull(message);
        _ = Throw.IfNull(provenance);
        try
        {
            _ = await memory.WriteAsync(message.ToSignal(provenance, (timeProvider ?? TimeProvider.System).GetUtcNow()), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (MemoryConflictException)
        {
            return false;
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _gate.Dispose();

    private Task<bool> WriteSignalAsync(InboundEmail message, CancellationToken cancellationToken)
    {
        var provenance = new Provenance(ActorKind.Connector, _connector.Name)
        {
            InputReferences =
            [
                string.Create(CultureInfo.InvariantCulture, $"imap://{_connector.Settings.Imap.Host}/{Uri.EscapeDataString(message.Folder ?? Folder)};UIDVALIDITY={message.UidValidity}/;UID={message.Uid}"),
            ],
        };
        return RecordAsync(_memory, message, provenance, _timeProvider, cancellationToken);
    }
}
