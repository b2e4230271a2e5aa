using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using OperatorOs.Connectors.Email.Internal;

namespace OperatorOs.Connectors.Email.Tests.Servers;

/// <summary>Real mail servers on 127.0.0.1 for the whole test run: Dovecot for IMAP, and an aiosmtpd SMTP server that delivers into
/// Dovecot through dovecot-lda and keeps a spool of every message it accepted.</summary>
/// <remarks>Both use one passwd-file of accounts, written before the servers start (Dovecot does not notice accounts added to the
/// file at once), so every test gets fresh mailboxes from a pool (<see cref="CreateAccount"/>). Missing server binaries fail the run
/// with a message that says what to install.</remarks>
public sealed class MailServers : IAsyncLifetime
{
    /// <summary>The domain of the accounts on the test servers; mail to other domains is only spooled.</summary>
    public const string LocalDomain = "mail.test";

    private const string Dovecot = "/usr/sbin/dovecot";
    private const string DovecotLda = "/usr/lib/dovecot/dovecot-lda";
    private const string Python = "/usr/bin/python3";

    private readonly TempDirectory _root = new();
    private const int AccountPoolSize = 200;

    private readonly ConcurrentQueue<MailAccount> _accounts = new();
    private readonly ConcurrentDictionary<string, string?> _spooledIds = new(StringComparer.Ordinal);
    private Process? _dovecot;
    private Process? _sink;
    private readonly StringBuilder _sinkOutput = new();

    /// <summary>Gets the IMAP port.</summary>
    public int ImapPort { get; private set; }

    /// <summary>Gets the SMTP port.</summary>
    public int SmtpPort { get; private set; }

    private string UsersFile => _root.Combine("users");

    private string SpoolDirectory => _root.Combine("spool");

    private string DovecotConfig => _root.Combine("dovecot.conf");

    /// <inheritdoc/>
    public async ValueTask InitializeAsync()
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("The Email connector's tests run Dovecot and aiosmtpd, which need Linux.");
        }

        Require(Dovecot, "Dovecot's IMAP server (Debian packages dovecot-core and dovecot-imapd; .ci/install-servers installs them)");
        Require(DovecotLda, "Dovecot's local delivery agent (Debian package dovecot-core)");
        Require(Python, "Debian's Python 3 with aiosmtpd (Debian package python3-aiosmtpd; .ci/install-servers installs it)");

        File.SetUnixFileMode(_root.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        foreach (string directory in new[] { "run", "state", "mail", "spool" })
        {
            Directory.CreateDirectory(_root.Combine(directory));
        }

        var users = new StringBuilder();
        for (int i = 0; i < AccountPoolSize; i++)
        {
            string user = "u" + Guid.NewGuid().ToString("N")[..12];
            var account = new MailAccount(user, "pw-" + Guid.NewGuid().ToString("N"), $"{user}@{LocalDomain}");
            users.Append(CultureInfo.InvariantCulture, $"{account.User}:{{PLAIN}}{account.Password}::::::\n");
            _accounts.Enqueue(account);
        }

        File.WriteAllText(UsersFile, users.ToString());
        (string mailUser, string mailGroup, string internalUser, string loginUser) = await ServerUsersAsync();
        if (IsRoot)
        {
            // Dovecot refuses to access mail as root, so mail belongs to its own system user.
            await RunAsync("/bin/chown", $"{mailUser}:{mailGroup}", _root.Combine("mail"));
        }

        ImapPort = FreePort();
        SmtpPort = FreePort();
        File.WriteAllText(DovecotConfig, DovecotConfiguration(await IdAsync("-u", mailUser), await IdAsync("-g", mailUser), internalUser, loginUser));

        _dovecot = Start(Dovecot, ["-F", "-c", DovecotConfig], output: null);
        _sink = Start(
            Python,
            [
                Path.Combine(AppContext.BaseDirectory, "Servers", "mail_sink.py"), "--listen", $"127.0.0.1:{SmtpPort}", "--spool", SpoolDirectory,
                "--users", UsersFile, "--local-domain", LocalDomain, "--lda", DovecotLda, "--dovecot-config", DovecotConfig,
            ],
            _sinkOutput);
        await WaitForPortAsync(ImapPort, _dovecot, "Dovecot");
        await WaitForPortAsync(SmtpPort, _sink, "the aiosmtpd SMTP server");
    }

    /// <summary>Returns an account nobody used yet, with its own name and password.</summary>
    public MailAccount CreateAccount() =>
        _accounts.TryDequeue(out MailAccount? account)
            ? account
            : throw new InvalidOperationException($"The {AccountPoolSize} test accounts are used up; raise {nameof(AccountPoolSize)}.");

    /// <summary>Returns connector options for an account on these servers.</summary>
    public EmailConnectorOptions Options(MailAccount account, string ledgerPath, Action<EmailConnectorOptions>? configure = null)
    {
        var options = new EmailConnectorOptions();
        Apply(options, account, ledgerPath);
        configure?.Invoke(options);
        return options;
    }

    /// <summary>Sets options (for example inside a registration's configure callback) for an account on these servers.</summary>
    public void Apply(EmailConnectorOptions options, MailAccount account, string ledgerPath)
    {
        options.Address = account.Address;
        options.DisplayName = "Test Office";
        options.LedgerPath = ledgerPath;
        options.Timeout = TimeSpan.FromSeconds(10);
        options.RetryDelay = TimeSpan.FromMilliseconds(50);
        Configure(options.Smtp, SmtpPort, account);
        Configure(options.Imap, ImapPort, account);
    }

    /// <summary>Counts the messages the SMTP server accepted with a Message-ID: the server's own record of sends.</summary>
    public int CountAccepted(string messageId) =>
        Directory.EnumerateFiles(SpoolDirectory, "*.eml")
            .Count(file => string.Equals(_spooledIds.GetOrAdd(file, static f => MessageIds.Normalize(MimeMessage.Load(f).MessageId)), messageId, StringComparison.Ordinal));

    /// <summary>Returns the messages the SMTP server accepted with a Message-ID.</summary>
    public IReadOnlyList<MimeMessage> Accepted(string messageId) =>
        [.. Directory.EnumerateFiles(SpoolDirectory, "*.eml").Select(f => MimeMessage.Load(f)).Where(m => MessageIds.Normalize(m.MessageId) == messageId)];

    /// <summary>Reads every message of an account's folder straight from Dovecot, with its flags.</summary>
    public async Task<IReadOnlyList<(MimeMessage Message, MessageFlags Flags)>> ReadFolderAsync(MailAccount account, string folderName, CancellationToken cancellationToken)
    {
        using var imap = new ImapClient();
        await imap.ConnectAsync("127.0.0.1", ImapPort, SecureSocketOptions.None, cancellationToken);
        await imap.AuthenticateAsync(account.User, account.Password, cancellationToken);
        IMailFolder folder = folderName == "INBOX" ? imap.Inbox : await imap.GetFolderAsync(folderName, cancellationToken);
        await folder.OpenAsync(FolderAccess.ReadOnly, cancellationToken);
        var messages = new List<(MimeMessage, MessageFlags)>();
        if (folder.Count > 0)
        {
            foreach (IMessageSummary summary in await folder.FetchAsync(0, -1, new FetchRequest(MessageSummaryItems.UniqueId | MessageSummaryItems.Flags), cancellationToken))
            {
                messages.Add((await folder.GetMessageAsync(summary.UniqueId, cancellationToken), summary.Flags ?? MessageFlags.None));
            }
        }

        await imap.DisconnectAsync(quit: true, cancellationToken);
        return messages;
    }

    /// <summary>Counts the messages with a Message-ID in an account's folder.</summary>
    public async Task<int> CountInFolderAsync(MailAccount account, string folderName, string messageId, CancellationToken cancellationToken) =>
        (await ReadFolderAsync(account, folderName, cancellationToken)).Count(m => MessageIds.Normalize(m.Message.MessageId) == messageId);

    /// <summary>Submits a message to the SMTP server as <paramref name="submitter"/>; the server delivers it to local recipients.</summary>
    public async Task DeliverAsync(MailAccount submitter, MimeMessage message, CancellationToken cancellationToken)
    {
        using var smtp = new SmtpClient();
        await smtp.ConnectAsync("127.0.0.1", SmtpPort, SecureSocketOptions.None, cancellationToken);
        await smtp.AuthenticateAsync(submitter.User, submitter.Password, cancellationToken);
        _ = await smtp.SendAsync(message, cancellationToken);
        await smtp.DisconnectAsync(quit: true, cancellationToken);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await StopAsync(_sink);
        await StopAsync(_dovecot);
        _root.Dispose();
    }

    private static bool IsRoot => Environment.UserName == "root";

    private static void Configure(EmailServerOptions server, int port, MailAccount account)
    {
        server.Host = "127.0.0.1";
        server.Port = port;
        server.Security = SecureSocketOptions.None;
        server.Username = account.User;
        server.Password = account.Password;
    }

    private string DovecotConfiguration(string uid, string gid, string internalUser, string loginUser) => $$"""
        base_dir = {{_root.Combine("run")}}
        state_dir = {{_root.Combine("state")}}
        log_path = {{_root.Combine("dovecot.log")}}
        protocols = imap
        listen = 127.0.0.1
        ssl = no
        disable_plaintext_auth = no
        auth_mechanisms = plain login
        first_valid_uid = 0
        mail_uid = {{uid}}
        mail_gid = {{gid}}
        default_internal_user = {{internalUser}}
        default_login_user = {{loginUser}}
        mail_location = maildir:{{_root.Combine("mail")}}/%n
        passdb {
          driver = passwd-file
          args = scheme=PLAIN username_format=%n {{UsersFile}}
        }
        userdb {
          driver = static
          args = uid={{uid}} gid={{gid}} home={{_root.Combine("mail")}}/%n
        }
        service imap-login {
          inet_listener imap {
            address = 127.0.0.1
            port = {{ImapPort}}
          }
          inet_listener imaps {
            port = 0
          }
        }
        namespace inbox {
          inbox = yes
          mailbox Sent {
            special_use = \Sent
            auto = create
          }
          mailbox Drafts {
            special_use = \Drafts
            auto = create
          }
        }
        """;

    private static async Task<(string MailUser, string MailGroup, string InternalUser, string LoginUser)> ServerUsersAsync()
    {
        if (IsRoot)
        {
            return ("dovecot", "dovecot", "dovecot", "dovenull");
        }

        // Not root: Dovecot runs everything as the current user.
        string user = Environment.UserName;
        return (user, await IdAsync("-gn", user), user, user);
    }

    private static void Require(string path, string what)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"The Email connector's tests need {what}, but {path} is missing. Run .ci/install-servers.");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Process Start(string file, string[] arguments, StringBuilder? output)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        Process process = Process.Start(start) ?? throw new InvalidOperationException($"Cannot start {file}.");
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Append(StringBuilder? output, string? line)
    {
        if (output is not null && line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    private async Task WaitForPortAsync(int port, Process process, string name)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                break;
            }

            using var client = new TcpClient();
            try
            {
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        string log = File.Exists(_root.Combine("dovecot.log")) ? await File.ReadAllTextAsync(_root.Combine("dovecot.log")) : "(no Dovecot log)";
        throw new InvalidOperationException(
            $"{name} did not accept connections on 127.0.0.1:{port} (exited: {process.HasExited}); are dovecot-imapd and python3-aiosmtpd installed "
            + $"(.ci/install-servers)? Dovecot log:\n{log}\nSMTP server output:\n{_sinkOutput}");
    }

    private static async Task StopAsync(Process? process)
    {
        if (process is null)
        {
            return;
        }

        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or OperationCanceledException or System.ComponentModel.Win32Exception)
        {
            // Already gone, or not stoppable: the test run is over either way.
        }
        finally
        {
            process.Dispose();
        }
    }

    private static async Task<string> IdAsync(string option, string user) => (await RunAsync("/usr/bin/id", option, user)).Trim();

    private static async Task<string> RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"Cannot start {file}.");
        string output = await process.StandardOutput.ReadToEndAsync();
        string error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0
            ? output
            : throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}): {error}");
    }
}
