using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OperatorOs.Connectors.Calendar.Tests;

/// <summary>A tiny HTTP server on 127.0.0.1 that answers every request with what a script returns: malformed XML, garbage
/// calendar data, failures with <c>Retry-After</c>, or a free-busy answer Radicale does not give.</summary>
internal sealed class ScriptedDavServer : IAsyncDisposable
{
    private readonly HttpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly Func<ScriptedDavServer.Request, Reply> _script;

    public ScriptedDavServer(Func<Request, Reply> script)
    {
        _script = script;
        (_listener, BaseUri) = Start();
        _loop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>Gets the URL of the scripted calendar collection, <c>/cal/</c>.</summary>
    public Uri CalendarUrl => new(BaseUri, "cal/");

    public Uri BaseUri { get; }

    /// <summary>Gets the requests received, in order.</summary>
    public ConcurrentQueue<Request> Requests { get; } = new();

    public int Count(string method) => Requests.Count(r => r.Method == method);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (Exception ex) when (ex is ObjectDisposedException or HttpListenerException or OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private static (HttpListener, Uri) Start()
    {
        for (int attempt = 0; ; attempt++)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            int port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var listener = new HttpListener();
            string prefix = $"http://127.0.0.1:{port}/";
            listener.Prefixes.Add(prefix);
            try
            {
                listener.Start();
                return (listener, new Uri(prefix));
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                listener.Close();
            }
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                // Ends with the stop too: an accept registered while the listener is being stopped may never complete.
                context = await _listener.GetContextAsync().WaitAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException or OperationCanceledException)
            {
                return;
            }

            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        try
        {
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var request = new Request(
                context.Request.HttpMethod,
                context.Request.Url!.AbsolutePath,
                context.Request.Headers["Authorization"],
                context.Request.Headers["If-Match"],
                context.Request.Headers["If-None-Match"],
                await reader.ReadToEndAsync());
            Requests.Enqueue(request);
            Reply reply = _script(request);
            if (reply.Delay > TimeSpan.Zero)
            {
                await Task.Delay(reply.Delay, _stop.Token);
            }

            context.Response.StatusCode = reply.Status;
            foreach ((string name, string value) in reply.Headers ?? [])
            {
                context.Response.AddHeader(name, value);
            }

            byte[] body = Encoding.UTF8.GetBytes(reply.Body ?? string.Empty);
            if (reply.ContentType is not null)
            {
                context.Response.ContentType = reply.ContentType;
            }

            context.Response.ContentLength64 = body.Length;
            await context.Response.OutputStream.WriteAsync(body, _stop.Token);
            context.Response.Close();
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or OperationCanceledException or IOException)
        {
            // The client went away or the server is stopping.
        }
    }

    /// <summary>A received request.</summary>
    public sealed record Request(string Method, string Path, string? Authorization, string? IfMatch, string? IfNoneMatch, string Body);

    /// <summary>A scripted answer.</summary>
    public sealed record Reply(int Status, string? Body = null, string? ContentType = null, (string Name, string Value)[]? Headers = null, TimeSpan Delay = default)
    {
        public static Reply Multistatus(string xml) => new(207, xml, "application/xml; charset=utf-8");

        public static Reply Calendar(string ics, string? etag = "\"v1\"") => new(200, ics, "text/calendar; charset=utf-8", etag is null ? null : [("ETag", etag)]);

        public static Reply CalendarCollection(string path = "/cal/") => Multistatus($"""
            <?xml version="1.0" encoding="utf-8"?>
            <d:multistatus xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">
              <d:response><d:href>{path}</d:href><d:propstat><d:prop><d:resourcetype><d:collection/><c:calendar/></d:resourcetype></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>
            </d:multistatus>
            """);
    }
}
