using MimeKit;

namespace OperatorOs.Connectors.Email.Internal;

/// <summary>Parses e-mail addresses strictly with MimeKit: one mailbox with a domain, no groups, no lists.</summary>
internal static class AddressParsing
{
    private static readonly ParserOptions s_strict = CreateStrictOptions();

    /// <summary>Parses one mailbox such as <c>ada@example.com</c> or <c>Ada Lovelace &lt;ada@example.com&gt;</c>.</summary>
    /// <returns><see langword="null"/> when it parsed, otherwise what is wrong.</returns>
    public static string? TryParseMailbox(string text, out MailboxAddress? mailbox)
    {
        mailbox = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return "the address is empty";
        }

        if (text.Any(char.IsControl))
        {
            return "the address contains a line break or another control character";
        }

        if (!MailboxAddress.TryParse(s_strict, text, out MailboxAddress? parsed) || parsed is null)
        {
            return $"'{text}' is not an e-mail address such as ada@example.com or \"Ada <ada@example.com>\"";
        }

        int at = parsed.Address.LastIndexOf('@');
        if (at <= 0 || at == parsed.Address.Length - 1 || parsed.Route.Count > 0)
        {
            return $"'{text}' is not an e-mail address with a domain, such as ada@example.com";
        }

        mailbox = parsed;
        return null;
    }

    /// <summary>Returns whether <paramref name="text"/> is a bare address (no display name) such as <c>office@example.com</c>.</summary>
    public static bool IsPlainAddress(string text) =>
        TryParseMailbox(text, out MailboxAddress? mailbox) is null
        && string.IsNullOrEmpty(mailbox!.Name)
        && string.Equals(mailbox.Address, text.Trim(), StringComparison.Ordinal);

    /// <summary>Returns the domain of an address.</summary>
    public static string DomainOf(string address) => address[(address.LastIndexOf('@') + 1)..];

    private static ParserOptions CreateStrictOptions()
    {
        ParserOptions options = ParserOptions.Default.Clone();
        options.AddressParserComplianceMode = RfcComplianceMode.Strict;
        options.AllowAddressesWithoutDomain = false;
        options.AllowUnquotedCommasInAddresses = false;
        return options;
    }
}
