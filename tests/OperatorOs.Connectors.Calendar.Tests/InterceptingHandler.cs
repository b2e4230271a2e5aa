using System.Collections.Concurrent;
using OperatorOs.Connectors.Calendar.Internal;

namespace OperatorOs.Connectors.Calendar.Tests;

/// <summary>An HTTP handler between the connector and the real server: records requests, can run code before one is sent, and can
/// lose a response after the server processed the request, as a crash or a dropped connection between send and acknowledge does.</summary>
internal sealed class InterceptingHandler : DelegatingHandler
{
    private int _matched;
    private int _dropped;

    public InterceptingHandler()
        : base(CalDavClient.CreateHandler())
    {
    }

    /// <summary>Gets the requests sent, as <c>METHOD /path</c>, with the conditional headers they carried.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>Gets or sets which responses to lose: the server processes the request, the connector sees a network failure.</summary>
    public Func<HttpRequestMessage, bool>? LoseResponseWhen { get; set; }

    /// <summary>Gets or sets how many responses to lose at most.</summary>
    public int MaxLost { get; set; } = 1;

    /// <summary>Gets how many responses were lost.</summary>
    public int Lost => Volatile.Read(ref _dropped);

    /// <summary>Gets or sets code to run before a request is sent (once per matching request).</summary>
    public Func<HttpRequestMessage, Task>? BeforeSend { get; set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        string conditions = string.Join(
            string.Empty,
            request.Headers.IfMatch.Select(e => $" If-Match:{e.Tag}").Concat(request.Headers.IfNoneMatch.Select(e => $" If-None-Match:{e.Tag}")));
        Requests.Enqueue($"{request.Method.Method} {request.RequestUri!.AbsolutePath}{conditions}");
        if (BeforeSend is { } before)
        {
            await before(request);
        }

        HttpResponseMessage response = await base.SendAsync(request, cancellationToken);
        if (LoseResponseWhen is { } lose && lose(request) && Interlocked.Increment(ref _matched) <= MaxLost)
        {
            _ = Interlocked.Increment(ref _dropped);
            response.Dispose();
            throw new HttpRequestException("The connection was reset before the response arrived (simulated lost acknowledgement).");
        }

        return response;
    }
}
