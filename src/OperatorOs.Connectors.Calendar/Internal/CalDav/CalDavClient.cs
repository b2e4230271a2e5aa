using System.Buffers;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace OperatorOs.Connectors.Calendar.Internal;

/// <summary>A small CalDAV client over <see cref="HttpClient"/>: sends <see cref="DavRequest"/>s through a Polly pipeline (a timeout per
/// attempt, retries only for requests that are safe to repeat, <c>Retry-After</c> honoured) and maps failures to
/// <see cref="CalendarConnectorException"/>.</summary>
/// <remarks>Thread-safe. Basic credentials travel only in the <c>Authorization</c> header; every text that leaves this class in an
/// exception is passed through the <see cref="SecretRedactor"/>. Redirects are not followed, so credentials never leave the configured host.</remarks>
internal sealed class CalDavClient : IDisposable
{
    private readonly HttpClient _client;
    private readonly AuthenticationHeaderValue? _authorization;
    private readonly SecretRedactor _redactor;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly string _connector;
    private readonly string? _username;
    private readonly int _maxResponseBytes;
    private readonly TimeSpan _timeout;
    private readonly ResiliencePipeline<DavResponse> _retrying;
    private readonly ResiliencePipeline<DavResponse> _once;

    /// <summary>Initializes a new instance of the <see cref="CalDavClient"/> class from validated options.</summary>
    /// <param name="options">The connector's options.</param>
    /// <param name="timeProvider">The clock for timeouts and retry delays.</param>
    /// <param name="handler">The HTTP handler, or <see langword="null"/> for a <see cref="SocketsHttpHandler"/> that follows no redirects.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="connector">The connector's name, for exceptions.</param>
    public CalDavClient(CalendarConnectorOptions options, TimeProvider timeProvider, HttpMessageHandler? handler, ILogger logger, string connector)
    {
        string url = options.CalendarUrl!.AbsoluteUri;
        Collection = new Uri(url.EndsWith('/') ? url : url + "/");
        _timeProvider = timeProvider;
        _logger = logger;
        _connector = connector;
        _maxResponseBytes = options.MaxResponseBytes;
        _timeout = options.Timeout;
        _username = string.IsNullOrEmpty(options.Username) ? null : options.Username;
        string? credential = null;
        if (_username is not null)
        {
            credential = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_username}:{options.Password}"));
            _authorization = new AuthenticationHeaderValue("Basic", credential);
        }

        _redactor = new SecretRedactor([options.Password, credential]);
        _retrying = BuildPipeline(options, retry: true);
        _once = BuildPipeline(options, retry: false);
        _client = new HttpClient(handler ?? CreateHandler(), disposeHandler: true)
        {
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>Creates the default handler: no redirects, no cookies, and a fresh connection for every request.</summary>
    /// <remarks>CalDAV servers built on simple WSGI servers (Radicale's own among them) answer in HTTP/1.0 and close the connection
    /// after each response without saying <c>Connection: close</c>. <see cref="SocketsHttpHandler"/> keeps such a connection pooled,
    /// and a request sent on it before the close arrives fails with "response ended prematurely" (about one PUT in ten against
    /// Radicale under load). A calendar connector sends a handful of requests per operation, so a connection per request costs
    /// little and removes the failure for every server.</remarks>
    public static SocketsHttpHandler CreateHandler() => new()
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        PooledConnectionLifetime = TimeSpan.Zero,
    };

    /// <summary>Gets the calendar collection's URL, ending with a slash.</summary>
    public Uri Collection { get; }

    /// <summary>Gets the redactor of the configured secrets.</summary>
    public SecretRedactor Redactor => _redactor;

    /// <summary>Returns the URL of a resource in the collection.</summary>
    public Uri ResourceUri(string name) => new(Collection, Uri.EscapeDataString(name));

    /// <summary>Resolves an href from a multistatus against the collection.</summary>
    public Uri Resolve(string href) => new(Collection, href);

    /// <summary>Sends a request, retrying failed attempts when <see cref="DavRequest.IsRetryable"/>, and returns the final response whatever its status.</summary>
    /// <exception cref="CalendarConnectorException">No response came: a network failure or every attempt timed out (transient), or the
    /// response was larger than the configured limit.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<DavResponse> SendAsync(DavRequest request, CancellationToken cancellationToken)
    {
        ResiliencePipeline<DavResponse> pipeline = request.IsRetryable ? _retrying : _once;
        try
        {
            return await pipeline.ExecuteAsync(
                static (state, ct) => state.Client.SendOnceAsync(state.Request, ct),
                (Client: this, Request: request),
                cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new CalendarConnectorException(_connector, $"{request.What} got no answer within {_timeout.TotalSeconds:0.###} s", isTransient: true, innerException: ex);
        }
        catch (HttpRequestException ex)
        {
            throw new CalendarConnectorException(_connector, $"{request.What} failed: {_redactor.Redact(ex.Message)}", isTransient: true, innerException: ex);
        }
    }

    /// <summary>Builds the exception for a response the caller cannot use, with a redacted excerpt of its body.</summary>
    public CalendarConnectorException Failure(DavResponse response, string? context = null)
    {
        string prefix = context is null ? response.What : $"{response.What} ({context})";
        string message = response.StatusCode switch
        {
            401 => $"{prefix}: the server rejected the credentials{(_username is null ? " (none are configured)" : $" of user '{_username}'")}",
            403 => $"{prefix}: the server forbids this to {(_username is null ? "anonymous users" : $"user '{_username}'")}",
            _ => Excerpt(response) is { Length: > 0 } excerpt ? $"{prefix}: {excerpt}" : prefix,
        };
        return new CalendarConnectorException(_connector, message, response.IsTransientFailure, response.StatusCode);
    }

    /// <summary>Builds the exception for a response whose body is not what the request asked for.</summary>
    public CalendarConnectorException Malformed(DavResponse response, string problem, Exception? inner = null) =>
        new(_connector, $"{response.What} answered with {_redactor.Redact(problem)}", isTransient: false, innerException: inner);

    /// <inheritdoc/>
    public void Dispose() => _client.Dispose();

    private ResiliencePipeline<DavResponse> BuildPipeline(CalendarConnectorOptions options, bool retry)
    {
        var builder = new ResiliencePipelineBuilder<DavResponse> { TimeProvider = _timeProvider };
        if (retry && options.MaxRetryAttempts > 0)
        {
            TimeSpan maxRetryAfter = options.MaxRetryAfter;
            _ = builder.AddRetry(new RetryStrategyOptions<DavResponse>
            {
                MaxRetryAttempts = options.MaxRetryAttempts,
                Delay = options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome switch
                {
                    { Exception: HttpRequestException or TimeoutRejectedException } => true,
                    { Result: { IsTransientFailure: true } response } => response.RetryAfter is null || response.RetryAfter <= maxRetryAfter,
                    _ => false,
                }),
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result?.RetryAfter),
                OnRetry = args =>
                {
                    DavRequest? request = args.Outcome.Result?.Request;
                    string reason = args.Outcome.Result is { } result ? $"status {result.StatusCode}" : args.Outcome.Exception?.GetType().Name ?? "failure";
                    CalDavLog.Retrying(_logger, request?.Method.Method ?? "request", request?.Uri.AbsolutePath ?? Collection.AbsolutePath, args.RetryDelay, args.AttemptNumber + 1, reason);
                    return default;
                },
            });
        }

        return builder.AddTimeout(options.Timeout).Build();
    }

    private async ValueTask<DavResponse> SendOnceAsync(DavRequest request, CancellationToken cancellationToken)
    {
        long started = _timeProvider.GetTimestamp();
        using var message = new HttpRequestMessage(request.Method, request.Uri);
        message.Headers.Authorization = _authorization;
        if (request.IfMatch is not null)
        {
            _ = message.Headers.TryAddWithoutValidation("If-Match", request.IfMatch);
        }

        if (request.IfNoneMatchAny)
        {
            message.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Any);
        }

        if (request.Depth is not null)
        {
            message.Headers.Add("Depth", request.Depth);
        }

        if (request.Body is not null)
        {
            message.Content = new ByteArrayContent(request.Body);
            message.Content.Headers.ContentType = new MediaTypeHeaderValue(request.BodyMediaType!) { CharSet = "utf-8" };
        }

        using HttpResponseMessage response = await _client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        byte[] body = await ReadBodyAsync(request, response, cancellationToken).ConfigureAwait(false);
        var result = new DavResponse(
            request,
            (int)response.StatusCode,
            response.Headers.TryGetValues("ETag", out IEnumerable<string>? etags) ? etags.FirstOrDefault() : null,
            response.Content.Headers.ContentType?.MediaType,
            response.Content.Headers.ContentType?.CharSet,
            body,
            RetryAfterOf(response));
        CalDavLog.Answered(_logger, request.Method.Method, request.Uri.AbsolutePath, result.StatusCode, (long)_timeProvider.GetElapsedTime(started).TotalMilliseconds);
        return result;
    }

    private async Task<byte[]> ReadBodyAsync(DavRequest request, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        Stream stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            byte[] buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
            try
            {
                using var body = new MemoryStream();
                int read;
                while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    if (body.Length + read > _maxResponseBytes)
                    {
                        throw new CalendarConnectorException(
                            _connector,
                            $"{request.What} answered with more than {_maxResponseBytes} bytes; narrow the request or raise {nameof(CalendarConnectorOptions.MaxResponseBytes)}",
                            isTransient: false,
                            (int)response.StatusCode);
                    }

                    body.Write(buffer, 0, read);
                }

                return body.ToArray();
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private TimeSpan? RetryAfterOf(HttpResponseMessage response)
    {
        RetryConditionHeaderValue? retryAfter = response.Headers.RetryAfter;
        if (retryAfter?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (retryAfter?.Date is { } date)
        {
            TimeSpan wait = date - _timeProvider.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }

    private string Excerpt(DavResponse response)
    {
        string text = _redactor.Redact(response.Text());
        var line = new StringBuilder(Math.Min(text.Length, CalendarConnectorConstants.ErrorExcerptChars + 1));
        foreach (char c in text)
        {
            if (line.Length == CalendarConnectorConstants.ErrorExcerptChars)
            {
                _ = line.Append('…');
                break;
            }

            _ = line.Append(char.IsControl(c) ? ' ' : c);
        }

        return line.ToString().Trim();
    }
}
