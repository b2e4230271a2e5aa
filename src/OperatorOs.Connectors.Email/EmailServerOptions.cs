using MailKit.Security;

namespace OperatorOs.Connectors.Email;

/// <summary>Represents where and how the <see cref="EmailConnector"/> reaches one mail server (SMTP or IMAP).</summary>
/// <remarks><see cref="Password"/> is a secret: bind it from configuration, user secrets or an environment variable. It is sent only
/// to the configured server during authentication and never appears in results, exception messages or <see cref="ToString"/>.</remarks>
public sealed class EmailServerOptions
{
    /// <summary>Gets or sets the server's host name or address.</summary>
    /// <value>The default value is <see langword="null"/>: the server is not configured.</value>
    public string? Host { get; set; }

    /// <summary>Gets or sets the server's TCP port.</summary>
    /// <value>587 for SMTP and 993 for IMAP unless configured. 0 lets MailKit choose the protocol's default for <see cref="Security"/>.</value>
    public int Port { get; set; }

    /// <summary>Gets or sets how the connection is secured.</summary>
    /// <value><see cref="SecureSocketOptions.StartTls"/> for SMTP and <see cref="SecureSocketOptions.SslOnConnect"/> for IMAP unless configured.
    /// <see cref="SecureSocketOptions.None"/> sends credentials in clear text: use it only for a server on the same machine.</value>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.Auto;

    /// <summary>Gets or sets the user name to authenticate with.</summary>
    /// <value>The default value is <see langword="null"/>: the connector does not authenticate. Give it together with <see cref="Password"/>.</value>
    public string? Username { get; set; }

    /// <summary>Gets or sets the password to authenticate with.</summary>
    /// <value>The default value is <see langword="null"/>. The value is a secret.</value>
    public string? Password { get; set; }

    /// <summary>Gets a value indicating whether a host is configured.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);

    /// <summary>Describes the server with the password redacted.</summary>
    /// <returns>A one-line description, safe to log.</returns>
    public override string ToString() =>
        $"{{ Host = {Host ?? "(none)"}, Port = {Port}, Security = {Security}, Username = {Username ?? "(none)"}, Password = {(string.IsNullOrEmpty(Password) ? "(none)" : "***")} }}";
}
