using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OperatorOs.Connectors.Calendar.Tests;

/// <summary>A real Radicale CalDAV server on 127.0.0.1 and a free port, one per test class that uses it (a class fixture):
/// htpasswd authentication with two users, <c>owner_only</c> rights, and filesystem storage in a temporary directory, whose files
/// are the server's own records.</summary>
/// <remarks>Each test uses its own calendar collection under alice's principal, so tests do not see each other's events.
/// Radicale must be installed (Debian package <c>radicale</c>; <c>.ci/install-servers</c> installs it): without it every test that
/// needs the server fails with a message saying so; the tests that need no server still run.</remarks>
public sealed class RadicaleServer : IAsyncLifetime
{
    public const string RadicaleScript = "/usr/bin/radicale";
    public const string Python = "/usr/bin/python3";
    public const string User = "alice";
    public const string OtherUser = "bob";

    private readonly TempDirectory _directory = new();
    private readonly StringBuilder _output = new();
    private Process? _process;

    /// <summary>Gets alice's password: a fresh random value per run, so a leak of it in a message is unmistakable.</summary>
    public string Password { get; } = "pw-" + Guid.NewGuid().ToString("N");

    /// <summary>Gets bob's password.</summary>
    public string OtherPassword { get; } = "pw-" + Guid.NewGuid().ToString("N");

    /// <summary>Gets the server's root URL.</summary>
    public Uri BaseUri { get; private set; } = null!;

    private string StorageFolder => _directory.Combine("collections");

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(RadicaleScript) || !File.Exists(Python))
        {
            throw new InvalidOperationException(
                $"The Calendar connector tests need a real Radicale CalDAV server, but {RadicaleScript} or {Python} is missing. " +
                "Install the Debian package 'radicale' (bash .ci/install-servers does).");
        }

        _directory.Write("users", $"{User}:{Password}\n{OtherUser}:{OtherPassword}\n");
        for (int attempt = 1; ; attempt++)
        {
            int port = FreePort();
            try
            {
                await StartAsync(port);
                return;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                // The port was taken between probing and binding; try another.
                Stop();
            }
        }
    }

    /// <summary>Returns the URL of a new, not yet existing calendar collection of alice.</summary>
    public Uri NewCalendarUrl() => new(BaseUri, $"{User}/cal-{Guid.NewGuid():N}/");

    /// <summary>Returns the options of a connector for alice's calendar at <paramref name="calendarUrl"/>.</summary>
    public CalendarConnectorOptions Options(Uri calendarUrl, string? ledgerPath, bool readOnly = false) => new()
    {
        CalendarUrl = calendarUrl,
        Username = User,
        Password = Password,
        LedgerPath = ledgerPath,
        ReadOnly = readOnly,
        RetryDelay = TimeSpan.FromMilliseconds(10),
        Timeout = TimeSpan.FromSeconds(20),
    };

    /// <summary>Reads the stored iCalendar files of a collection from Radicale's storage, unfolded (RFC 5545 line folding undone).</summary>
    public IReadOnlyList<string> StoredEvents(Uri calendarUrl)
    {
        string folder = Path.Combine(StorageFolder, "collection-root", User, calendarUrl.Segments[^1].TrimEnd('/'));
        if (!Directory.Exists(folder))
        {
            return [];
        }

        return [.. Directory.GetFiles(folder, "*.ics").Order(StringComparer.Ordinal).Select(f => File.ReadAllText(f).Replace("\r\n ", string.Empty, StringComparison.Ordinal).Replace("\r\n\t", string.Empty, StringComparison.Ordinal))];
    }

    /// <summary>Counts the stored events of a collection whose UID is <paramref name="uid"/>.</summary>
    public int CountEvents(Uri calendarUrl, string uid) =>
        StoredEvents(calendarUrl).Count(text => text.Split("\r\n").Contains($"UID:{uid}", StringComparer.Ordinal));

    /// <summary>Stores an iCalendar object directly, as another calendar client would, and returns its ETag.</summary>
    public async Task<string> PutRawAsync(Uri calendarUrl, string name, string icalendar)
    {
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(calendarUrl, name)) { Content = new StringContent(icalendar, Encoding.UTF8, "text/calendar") };
        request.Headers.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}")));
        using HttpResponseMessage response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"PUT {name} -> {(int)response.StatusCode}");
        return response.Headers.ETag!.ToString();
    }

    /// <summary>Creates a calendar collection directly.</summary>
    public async Task MakeCalendarAsync(Uri calendarUrl)
    {
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(new HttpMethod("MKCALENDAR"), calendarUrl);
        request.Headers.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}")));
        using HttpResponseMessage response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        _directory.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task StartAsync(int port)
    {
        string config = _directory.Write("config", $"""
            [server]
            hosts = 127.0.0.1:{port}

            [auth]
            type = htpasswd
            htpasswd_filename = {_directory.Combine("users")}
            htpasswd_encryption = plain
            delay = 0

            [rights]
            type = owner_only

            [storage]
            filesystem_folder = {StorageFolder}

            [web]
            type = none

            [logging]
            level = warning
            """);

        var start = new ProcessStartInfo(Python)
        {
            ArgumentList = { RadicaleScript, "--config", config },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("Radicale did not start.");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        BaseUri = new Uri($"http://127.0.0.1:{port}/");

        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Radicale exited with code {_process.ExitCode} while starting on port {port}: {Output()}");
            }

            try
            {
                using HttpResponseMessage response = await client.GetAsync(BaseUri);
                await CreatePrincipalsAsync(client);
                return;
            }
            catch (HttpRequestException) when (waited.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(50);
            }
            catch (TaskCanceledException) when (waited.Elapsed < TimeSpan.FromSeconds(30))
            {
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                throw new InvalidOperationException($"Radicale did not answer on port {port} within 30 s: {Output()}", ex);
            }
        }
    }

    /// <summary>Makes Radicale create each user's principal collection now: it does so on a user's first request, and two
    /// concurrent first requests race (one of them can fail with 500).</summary>
    private async Task CreatePrincipalsAsync(HttpClient client)
    {
        foreach ((string user, string password) in new[] { (User, Password), (OtherUser, OtherPassword) })
        {
            using var request = new HttpRequestMessage(new HttpMethod("PROPFIND"), new Uri(BaseUri, $"{user}/"));
            request.Headers.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
            request.Headers.Add("Depth", "0");
            using HttpResponseMessage response = await client.SendAsync(request);
            if (response.StatusCode != HttpStatusCode.MultiStatus)
            {
                throw new InvalidOperationException($"Radicale answered PROPFIND /{user}/ with {(int)response.StatusCode}: {Output()}");
            }
        }
    }

    private void Stop()
    {
        if (_process is { } process)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    _ = process.WaitForExit(10_000);
                }
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }

            process.Dispose();
            _process = null;
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _ = _output.AppendLine(line);
            }
        }
    }

    private string Output()
    {
        lock (_output)
        {
            return _output.ToString();
        }
    }

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
