using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Polly.Timeout;

namespace OperatorOs.Connectors.Email.Internal;

/// <summary>Turns MailKit, socket and timeout failures into <see cref="ConnectorException"/>s whose messages carry no credential.</summary>
internal static class MailFailures
{
    /// <summary>Returns whether an exception is a failure of the mail servers or the network (and not a bug or a cancellation).</summary>
    public static bool IsMailFailure(Exception exception) => exception is TimeoutRejectedException or TimeoutException or MailKit.Security.AuthenticationException
        or SslHandshakeException or CommandException or ProtocolException or ServiceNotConnectedException or ServiceNotAuthenticatedException
        or FolderNotFoundException or SocketException or IOException;

    /// <summary>Wraps a mail failure; transient when <see cref="MailResilience.IsTransient"/> says so.</summary>
    /// <remarks>An authentication failure is reported without its inner exception: the server's reply is not repeated anywhere.</remarks>
    public static ConnectorException Wrap(string connector, string what, Exception exception, SecretRedactor redactor) =>
        new(
            connector,
            redactor.Redact($"{what} failed: {Describe(exception)}"),
            MailResilience.IsTransient(exception),
            exception is MailKit.Security.AuthenticationException ? null : exception);

    /// <summary>Describes a failure in one clause.</summary>
    public static string Describe(Exception exception) => exception switch
    {
        TimeoutRejectedException timeout => $"no answer within {timeout.Timeout}",
        TimeoutException => "no answer within the timeout",
        MailKit.Security.AuthenticationException => "the server refused the credentials",
        SslHandshakeException => "the TLS handshake failed (check the server's certificate and the Security setting)",
        SmtpCommandException smtp => $"the server answered {(int)smtp.StatusCode}: {smtp.Message}",
        FolderNotFoundException folder => $"the folder '{folder.FolderName}' does not exist",
        SocketException socket => $"cannot reach the server ({socket.SocketErrorCode})",
        _ => exception.Message,
    };
}
