using System.Globalization;
using System.Net;
using System.Net.Sockets;
using OperatorOs.Shared;

namespace OperatorOs.Testing;

/// <summary>An HTTP server on a free port of 127.0.0.1 that hands each request to a handler, for tests that need a real server: fake APIs, providers, webhooks.</summary>
/// <remarks>Each request runs on its own task, so a slow answer never holds up the next request; disposing stops the listener and waits for the accept loop.</remarks>
public sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly HttpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<HttpListenerContext, CancellationToken, Task> _handler;
    private readonly Task _loop;

    private LoopbackHttpServer(HttpListener listener, Uri address, Func<HttpListenerContext, CancellationToken, Task> handler)
    {
        _listener = listener;
        BaseAddress = address;
        _handler = handler;
        _loop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>Gets the server's address, <c>http://127.0.0.1:{port}/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Gets a token that is cancelled when the server stops, for handlers that wait.</summary>
    public CancellationToken Stopping => _stop.Token;

    /// <summary>Starts a server on a free loopback port.</summary>
    /// <param name="handler">Answers one request; it must write and close the response. Exceptions of a client that went away are ignored.</param>
    /// <returns>The running server.</returns>
    public static LoopbackHttpServer Start(Func<HttpListenerContext, CancellationToken, Task> handler)
    {
        _ = Throw.IfNull(handler);
        for (int attempt = 0; ; attempt++)
        {
            // Ask the OS for a free port, then bind the listener to it; another process may take it in between, so try again.
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            int port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var listener = new HttpListener();
            string prefix = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/");
            listener.Prefixes.Add(prefix);
            try
            {
                listener.Start();
                return new LoopbackHttpServer(listener, new Uri(prefix), handler);
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                listener.Close();
            }
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ObjectDisposedException or HttpListenerException or OperationCanceledException)
        {
            // Stopping the listener ends the accept loop with one of these.
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                // The wait ends with the stop too: an accept the listener registers while it is being stopped is not always
                // completed by the stop, and disposing would wait for it for ever.
                context = await _listener.GetContextAsync().WaitAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException or OperationCanceledException)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        try
        {
            await _handler(context, _stop.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or OperationCanceledException or IOException)
        {
            // The client went away or the server is stopping.
        }
    }
}
