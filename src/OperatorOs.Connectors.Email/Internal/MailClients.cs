using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Smtp;
using MailKit.Search;

namespace OperatorOs.Connectors.Email.Internal;

/// <summary>Opens authenticated SMTP and IMAP connections and finds folders and messages; one connection per operation.</summary>
internal static class MailClients
{
    /// <summary>Connects to the SMTP server and authenticates when credentials are configured.</summary>
    public static async Task<SmtpClient> ConnectSmtpAsync(EmailServerOptions server, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var client = new SmtpClient { Timeout = ToMilliseconds(timeout) };
        try
        {
            await client.ConnectAsync(server.Host!, server.Port, server.Security, cancellationToken).ConfigureAwait(false);
            if (!string.IsNullOrEmpty(server.Username))
            {
                await client.AuthenticateAsync(server.Username, server.Password ?? string.Empty, cancellationToken).ConfigureAwait(false);
            }

            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Connects to the IMAP server and authenticates when credentials are configured.</summary>
    public static async Task<ImapClient> ConnectImapAsync(EmailServerOptions server, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var client = new ImapClient { Timeout = ToMilliseconds(timeout) };
        try
        {
            await client.ConnectAsync(server.Host!, server.Port, server.Security, cancellationToken).ConfigureAwait(false);
            if (!string.IsNullOrEmpty(server.Username))
            {
                await client.AuthenticateAsync(server.Username, server.Password ?? string.Empty, cancellationToken).ConfigureAwait(false);
            }

            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Returns a configured folder, else the folder the server marks with a special use, else a folder by its usual name.</summary>
    public static async Task<IMailFolder> GetFolderAsync(ImapClient client, string? configured, SpecialFolder special, string fallback, CancellationToken cancellationToken)
    {
        if (configured is not null)
        {
            return string.Equals(configured, "INBOX", StringComparison.OrdinalIgnoreCase)
                ? client.Inbox
                : await client.GetFolderAsync(configured, cancellationToken).ConfigureAwait(false);
        }

        if ((client.Capabilities & (ImapCapabilities.SpecialUse | ImapCapabilities.XList)) != 0 && client.GetFolder(special) is { } marked)
        {
            return marked;
        }

        return await client.GetFolderAsync(fallback, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Finds the message with a Message-ID in a folder the caller opened; returns its UID and internal date.</summary>
    public static async Task<(UniqueId Uid, DateTimeOffset? InternalDate)?> FindByMessageIdAsync(IMailFolder folder, string messageId, CancellationToken cancellationToken)
    {
        // HEADER search matches substrings, so the candidates' envelopes are compared exactly.
        IList<UniqueId> candidates = await folder.SearchAsync(SearchQuery.HeaderContains("Message-ID", messageId), cancellationToken).ConfigureAwait(false);
        if (candidates.Count == 0)
        {
            return null;
        }

        IList<IMessageSummary> summaries = await folder.FetchAsync(
            candidates,
            new FetchRequest(MessageSummaryItems.UniqueId | MessageSummaryItems.Envelope | MessageSummaryItems.InternalDate),
            cancellationToken).ConfigureAwait(false);
        foreach (IMessageSummary summary in summaries)
        {
            if (string.Equals(MessageIds.Normalize(summary.Envelope?.MessageId), messageId, StringComparison.Ordinal))
            {
                return (summary.UniqueId, summary.InternalDate);
            }
        }

        return null;
    }

    /// <summary>Says goodbye to the server; a failure here changes nothing that was done.</summary>
    public static async Task DisconnectQuietlyAsync(IMailService client)
    {
        try
        {
            if (client.IsConnected)
            {
                await client.DisconnectAsync(quit: true, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (MailFailures.IsMailFailure(ex))
        {
            // The operation's outcome is already known; a lost QUIT/LOGOUT does not change it.
        }
    }

    private static int ToMilliseconds(TimeSpan timeout) => (int)Math.Min(int.MaxValue, Math.Ceiling(timeout.TotalMilliseconds));
}
