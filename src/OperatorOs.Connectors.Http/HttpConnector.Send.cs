using System.Net.Http.Headers;
using OperatorOs.Connectors.Http.Internal;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace OperatorOs.Connectors.Http;

/// <summary>Sending: the resilience pipelines and the mapping of failures to <see cref="HttpConnectorException"/>.</summary>
public sealed partial class HttpConnector
{
    private static ResiliencePipeline<ResponseData> BuildPipeline(HttpConnectorOptions options, TimeProvider timeProvider, bool retry)
    {
        var builder = new ResiliencePipelineBuilder<ResponseData> { TimeProvider = timeProvider };
        if (retry && options.MaxRetryAttempts > 0)
        {
            TimeSpan maxRetryAfter = options.MaxRetryAfter;
            _ = builder.AddRetry(new RetryStrategyOptions<ResponseData>
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
            });
        }

        return builder.AddTimeout(options.Timeout).Build();
    }

    private async Task<ResponseData> SendAsync(PreparedRequest prepared, OperationToken token, CancellationToken cancellationToken)
    {
        CompiledOperation operation = prepared.Operation;
        string what = $"{operation.Method.Method} {prepared.Uri.AbsolutePath}";
        bool keyed = _idempotencyKeyHeaderName is not null;
        ResiliencePipeline<ResponseData> pipeline = operation.IsIdempotentMethod || (keyed && _retryKeyedNonIdempotentMethods) ? _retrying : _once;

        ResponseData response;
        try
        {
            response = await pipeline.ExecuteAsync(
                static (state, ct) => state.Connector.SendOnceAsync(state.Prepared, state.Token, ct),
                (Connector: this, Prepared: prepared, Token: token),
                cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new HttpConnectorException(Name, $"{what} got no answer within {_timeout.TotalSeconds:0.###} s", isTransient: true, innerException: ex);
        }
        catch (HttpRequestException ex)
        {
            throw new HttpConnectorException(Name, $"{what} failed: {_redactor.Redact(ex.Message)}", isTransient: true, innerException: ex);
        }

        if (response.IsSuccess)
        {
            return response;
        }

        string excerpt = ResultOutput.Excerpt(response, _redactor);
        string message = excerpt.Length == 0 ? $"{what} -> {response.StatusCode}" : $"{what} -> {response.StatusCode}: {excerpt}";
        // The server's Retry-After travels with a transient failure, so the kernel waits as long as the server asked before trying again.
        throw new HttpConnectorException(Name, message, response.IsTransientFailure, response.StatusCode)
        {
            RetryAfter = response.IsTransientFailure ? response.RetryAfter : null,
        };
    }

    private async ValueTask<ResponseData> SendOnceAsync(PreparedRequest prepared, OperationToken token, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(prepared.Operation.Method, prepared.Uri);
        foreach (KeyValuePair<string, string> header in _headers)
        {
            _ = message.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        if (_idempotencyKeyHeaderName is not null)
        {
            _ = message.Headers.TryAddWithoutValidation(_idempotencyKeyHeaderName, token.Value);
        }

        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (prepared.Body is not null)
        {
            message.Content = new ByteArrayContent(prepared.Body);
            message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        }

        using HttpResponseMessage response = await _client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        return await ResponseReader.ReadAsync(response, _maxResponseBytes, _timeProvider, cancellationToken).ConfigureAwait(false);
    }
}
