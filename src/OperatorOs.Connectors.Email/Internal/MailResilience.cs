using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace OperatorOs.Connectors.Email.Internal;

/// <summary>The connector's Polly pipelines: one that retries what is safe to repeat, one that never repeats.</summary>
/// <remarks>
/// Safe to repeat: connecting and authenticating (nothing has been sent), reads, and IMAP operations that search for their
/// Message-ID before they append. Never repeated: the SMTP transaction that carries a message, because a broken connection after
/// the data was sent leaves it unknown whether the server took the message.
/// </remarks>
internal sealed class MailResilience
{
    public MailResilience(EmailConnectorOptions options, TimeProvider timeProvider)
    {
        var retrying = new ResiliencePipelineBuilder { TimeProvider = timeProvider };
        if (options.MaxRetryAttempts > 0)
        {
            _ = retrying.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetryAttempts,
                Delay = options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = new PredicateBuilder().Handle<Exception>(IsTransient),
            });
        }

        // The timeout is inside the retry, so it limits each attempt.
        Retrying = retrying.AddTimeout(options.Timeout).Build();
        Once = new ResiliencePipelineBuilder { TimeProvider = timeProvider }.AddTimeout(options.Timeout).Build();
    }

    /// <summary>Gets the pipeline for work that is safe to repeat: transient failures are retried, each attempt under the timeout.</summary>
    public ResiliencePipeline Retrying { get; }

    /// <summary>Gets the pipeline for work that must not be repeated: one attempt under the timeout.</summary>
    public ResiliencePipeline Once { get; }

    /// <summary>Returns whether trying the same work again may succeed.</summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        TimeoutRejectedException or TimeoutException => true,
        AuthenticationException or SslHandshakeException => false,
        SmtpCommandException smtp => (int)smtp.StatusCode is >= 400 and < 500,
        CommandException or FolderNotFoundException => false,
        ProtocolException or ServiceNotConnectedException => true,
        SocketException or IOException => true,
        _ => false,
    };
}
