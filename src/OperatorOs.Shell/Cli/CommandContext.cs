using System.CommandLine;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace OperatorOs.Shell;

/// <summary>What a command's action works with: the parsed command line, the output writers, cancellation, and the database.</summary>
internal sealed class CommandContext
{
    private static readonly JsonWriterOptions IndentedJson = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonWriterOptions CompactJson = new() { Indented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public CommandContext(ParseResult parseResult, CancellationToken cancellationToken)
    {
        ParseResult = parseResult;
        Out = parseResult.InvocationConfiguration.Output;
        Error = parseResult.InvocationConfiguration.Error;
        CancellationToken = cancellationToken;
    }

    public ParseResult ParseResult { get; }

    public TextWriter Out { get; }

    public TextWriter Error { get; }

    public CancellationToken CancellationToken { get; }

    public TimeProvider Clock { get; } = TimeProvider.System;

    public bool Json => ParseResult.GetValue<bool>(GlobalOptions.Json);

    public T? Get<T>(Option<T> option) => ParseResult.GetValue(option);

    public T? Get<T>(Argument<T> argument) => ParseResult.GetValue(argument);

    /// <summary>Gets the policy file the operator named, or <see langword="null"/>.</summary>
    public string? PolicyFile => ParseResult.GetValue<string?>(GlobalOptions.Policy) ?? NonEmpty(Environment.GetEnvironmentVariable(GlobalOptions.PolicyVariable));

    /// <summary>Gets who decides: <c>--by</c>, else OPOS_OPERATOR, else the user name.</summary>
    public string Operator(Option<string?> by) =>
        Get(by) ?? NonEmpty(Environment.GetEnvironmentVariable(GlobalOptions.OperatorVariable)) ?? NonEmpty(Environment.UserName) ?? "operator";

    /// <summary>Gets the database named by <c>--db</c> or OPOS_DB, or <see langword="null"/> when neither is given.</summary>
    public string? DatabasePath => ParseResult.GetValue<string?>(GlobalOptions.Database) ?? NonEmpty(Environment.GetEnvironmentVariable(GlobalOptions.DatabaseVariable));

    /// <summary>Gets the busy timeout, checked.</summary>
    public TimeSpan BusyTimeout
    {
        get
        {
            int busy = ParseResult.GetValue<int>(GlobalOptions.BusyTimeout);
            return busy is < 0 or > 3_600_000
                ? throw new OposException(ExitCodes.Usage, $"--busy-timeout must be between 0 and 3600000 milliseconds, was {busy}.")
                : TimeSpan.FromMilliseconds(busy);
        }
    }

    /// <summary>Opens the database named by <c>--db</c> or OPOS_DB; a missing file is an error and is never created.</summary>
    public OposSession OpenDatabase()
    {
        string path = DatabasePath ?? throw new OposException(ExitCodes.Usage, $"no database: pass --db PATH or set {GlobalOptions.DatabaseVariable}.");
        return OposSession.Open(path, BusyTimeout, PolicyFile);
    }

    /// <summary>Writes one JSON document, indented, followed by a newline.</summary>
    public void WriteJson(Action<Utf8JsonWriter> write) => Out.WriteLine(Encoding.UTF8.GetString(BuildJson(write, IndentedJson)));

    /// <summary>Writes one JSON document on one line (JSON Lines), and flushes it so a follower sees it at once.</summary>
    public void WriteJsonLine(Action<Utf8JsonWriter> write)
    {
        Out.WriteLine(Encoding.UTF8.GetString(BuildJson(write, CompactJson)));
        Out.Flush();
    }

    private static byte[] BuildJson(Action<Utf8JsonWriter> write, JsonWriterOptions options)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, options))
        {
            write(writer);
        }

        return buffer.ToArray();
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
