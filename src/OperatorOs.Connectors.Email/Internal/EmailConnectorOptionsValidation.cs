using MailKit.Security;

namespace OperatorOs.Connectors.Email.Internal;

/// <summary>Checks <see cref="EmailConnectorOptions"/>; shared by the connector's constructor and the DI registration.</summary>
/// <remarks>Messages name settings, never the values of credentials.</remarks>
internal static class EmailConnectorOptionsValidation
{
    private const string Prefix = nameof(EmailConnectorOptions) + ".";

    /// <summary>Returns the problems of the options; empty when they are valid.</summary>
    public static List<string> GetFailures(EmailConnectorOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Name))
        {
            failures.Add($"{Prefix}{nameof(options.Name)} is required.");
        }

        if (string.IsNullOrWhiteSpace(options.Address))
        {
            failures.Add($"{Prefix}{nameof(options.Address)} is required: the mailbox's address, for example office@example.com.");
        }
        else if (!AddressParsing.IsPlainAddress(options.Address))
        {
            failures.Add($"{Prefix}{nameof(options.Address)} must be a plain address such as office@example.com.");
        }

        if (options.MessageIdDomain is not null && !IsDomain(options.MessageIdDomain))
        {
            failures.Add($"{Prefix}{nameof(options.MessageIdDomain)} must be a domain name such as example.com.");
        }
        else if (options.MessageIdDomain is null && !string.IsNullOrWhiteSpace(options.Address) && AddressParsing.IsPlainAddress(options.Address)
            && !IsDomain(AddressParsing.DomainOf(options.Address.Trim())))
        {
            failures.Add($"{Prefix}{nameof(options.MessageIdDomain)} is required: the domain of {nameof(options.Address)} is not an ASCII domain name.");
        }

        if (string.IsNullOrWhiteSpace(options.LedgerPath))
        {
            failures.Add($"{Prefix}{nameof(options.LedgerPath)} is required: set it to the SQLite file that records sends, drafts and the inbox position.");
        }
        else if (options.LedgerPath.Contains('\0', StringComparison.Ordinal))
        {
            failures.Add($"{Prefix}{nameof(options.LedgerPath)} contains a NUL character.");
        }

        if (options.Smtp is null || options.Imap is null)
        {
            failures.Add($"{Prefix}{nameof(options.Smtp)} and {nameof(options.Imap)} must not be null.");
            return failures;
        }

        CheckServer(options.Smtp, nameof(options.Smtp), failures);
        CheckServer(options.Imap, nameof(options.Imap), failures);
        if (!options.ReadOnly && !options.Smtp.IsConfigured)
        {
            failures.Add($"{Prefix}{nameof(options.Smtp)}.{nameof(EmailServerOptions.Host)} is required to send mail; set {nameof(options.ReadOnly)} for a connector that only reads.");
        }

        if (options.ReadOnly && !options.Imap.IsConfigured)
        {
            failures.Add($"{Prefix}{nameof(options.Imap)}.{nameof(EmailServerOptions.Host)} is required for a read-only connector: without IMAP it offers nothing.");
        }

        foreach ((string name, string? folder) in new[] { (nameof(options.InboxFolder), (string?)options.InboxFolder), (nameof(options.SentFolder), options.SentFolder), (nameof(options.DraftsFolder), options.DraftsFolder) })
        {
            if ((name == nameof(options.InboxFolder) || folder is not null) && (string.IsNullOrWhiteSpace(folder) || folder.Any(char.IsControl)))
            {
                failures.Add($"{Prefix}{name} must be a folder name without control characters.");
            }
        }

        if (options.Timeout <= TimeSpan.Zero || options.Timeout > EmailConnectorConstants.MaxTimeout)
        {
            failures.Add($"{Prefix}{nameof(options.Timeout)} must be positive and at most {EmailConnectorConstants.MaxTimeout}; it is {options.Timeout}.");
        }

        if (options.MaxRetryAttempts is < 0 or > EmailConnectorConstants.MaxRetryAttemptsLimit)
        {
            failures.Add($"{Prefix}{nameof(options.MaxRetryAttempts)} must be between 0 and {EmailConnectorConstants.MaxRetryAttemptsLimit}; it is {options.MaxRetryAttempts}.");
        }

        if (options.RetryDelay < TimeSpan.Zero)
        {
            failures.Add($"{Prefix}{nameof(options.RetryDelay)} must not be negative.");
        }

        CheckRange(options.MaxRecipients, 1, EmailConnectorConstants.MaxRecipientsLimit, nameof(options.MaxRecipients), failures);
        CheckRange(options.MaxBodyChars, 1, EmailConnectorConstants.MaxBodyCharsLimit, nameof(options.MaxBodyChars), failures);
        CheckRange(options.MaxFetchMessages, 1, EmailConnectorConstants.MaxFetchMessagesLimit, nameof(options.MaxFetchMessages), failures);
        CheckRange(options.MaxInboundTextChars, 1, EmailConnectorConstants.MaxInboundTextCharsLimit, nameof(options.MaxInboundTextChars), failures);
        return failures;
    }

    /// <summary>Returns whether <paramref name="value"/> is a host or domain name: letters, digits, '-' and '.', no empty label.</summary>
    public static bool IsDomain(string value) =>
        value.Length is > 0 and <= 253
        && value.Split('.').All(label => label.Length is > 0 and <= 63 && label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') && label[0] != '-' && label[^1] != '-');

    private static void CheckServer(EmailServerOptions server, string name, List<string> failures)
    {
        string where = Prefix + name;
        if (server.Host is not null && (string.IsNullOrWhiteSpace(server.Host) || server.Host.Any(c => char.IsControl(c) || char.IsWhiteSpace(c))))
        {
            failures.Add($"{where}.{nameof(server.Host)} must be a host name or address without spaces.");
        }

        if (server.Port is < 0 or > 65535)
        {
            failures.Add($"{where}.{nameof(server.Port)} must be between 0 and 65535; it is {server.Port}.");
        }

        if (!Enum.IsDefined(server.Security))
        {
            failures.Add($"{where}.{nameof(server.Security)} is not a defined {nameof(SecureSocketOptions)} value.");
        }

        if (string.IsNullOrEmpty(server.Username) != string.IsNullOrEmpty(server.Password))
        {
            failures.Add($"{where}: give both {nameof(server.Username)} and {nameof(server.Password)}, or neither.");
        }

        if (HasControl(server.Username) || HasControl(server.Password))
        {
            failures.Add($"{where}.{nameof(server.Username)} and {nameof(server.Password)} must not contain line breaks or other control characters.");
        }
    }

    private static void CheckRange(int value, int min, int max, string name, List<string> failures)
    {
        if (value < min || value > max)
        {
            failures.Add($"{Prefix}{name} must be between {min} and {max}; it is {value}.");
        }
    }

    private static bool HasControl(string? value) => value is not null && value.Any(char.IsControl);
}
