using System.Buffers;
using System.Net.Http.Headers;

namespace OperatorOs.Connectors.Http.Internal;

/// <summary>Reads a response into a <see cref="ResponseData"/>, stopping at the size limit.</summary>
internal static class ResponseReader
{
    /// <summary>Reads the status, safe headers, <c>Retry-After</c> and at most <paramref name="maxBytes"/> of the body.</summary>
    public static async Task<ResponseData> ReadAsync(HttpResponseMessage response, int maxBytes, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var headers = new List<KeyValuePair<string, string>>();
        foreach (string name in HttpConnectorConstants.SafeResponseHeaders)
        {
            if (response.Headers.TryGetValues(name, out IEnumerable<string>? values) || response.Content.Headers.TryGetValues(name, out values))
            {
                headers.Add(new(name, string.Join(", ", values)));
            }
        }

        MediaTypeHeaderValue? contentType = response.Content.Headers.ContentType;
        Stream stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            byte[] buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
            try
            {
                using var body = new MemoryStream();
                bool truncated = false;
                while (true)
                {
                    int read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        break;
                    }

                    int room = maxBytes - (int)body.Length;
                    if (read > room)
                    {
                        body.Write(buffer, 0, room);
                        truncated = true;
                        break;
                    }

                    body.Write(buffer, 0, read);
                }

                return new ResponseData((int)response.StatusCode, headers, contentType?.MediaType, contentType?.CharSet, body.ToArray(), truncated, RetryAfterOf(response, timeProvider));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>Returns the wait a <c>Retry-After</c> header asks for (delta seconds or an HTTP date), or <see langword="null"/>.</summary>
    public static TimeSpan? RetryAfterOf(HttpResponseMessage response, TimeProvider timeProvider)
    {
        RetryConditionHeaderValue? retryAfter = response.Headers.RetryAfter;
        if (retryAfter?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (retryAfter?.Date is { } date)
        {
            TimeSpan wait = date - timeProvider.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }
}
