using System.CommandLine;
using OperatorOs.Shared;

namespace OperatorOs.Shell;

/// <summary>The <c>opos</c> command line: the operator's view of a host's SQLite database, usable while the host runs.</summary>
/// <remarks>
/// Each command group is one class under <c>Commands/</c> with a <c>Create()</c> method; adding a group is one more class and one
/// more line in <see cref="CreateRootCommand"/>. Failures end with a one-line message on the error writer and a documented
/// <see cref="ExitCodes">exit code</see>, never a stack trace.
/// </remarks>
public static class OposApp
{
    /// <summary>Runs <c>opos</c> with the given arguments.</summary>
    /// <param name="args">The command-line arguments, without the program name.</param>
    /// <param name="output">Where results go (tables or JSON).</param>
    /// <param name="error">Where errors go, one line each.</param>
    /// <param name="cancellationToken">The token that stops the command, as Ctrl+C does; it ends <c>audit tail --follow</c>.</param>
    /// <returns>The exit code; see <see cref="ExitCodes"/>.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNull(args);
        _ = Throw.IfNull(output);
        _ = Throw.IfNull(error);

        // No response files: an argument starting with @ is a value (--args @FILE reads JSON), not more command line.
        ParseResult parseResult = CreateRootCommand().Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parseResult.Errors.Count > 0)
        {
            foreach (System.CommandLine.Parsing.ParseError parseError in parseResult.Errors)
            {
                await error.WriteLineAsync("opos: " + ErrorReport.OneLine(parseError.Message)).ConfigureAwait(false);
            }

            await error.WriteLineAsync("Run 'opos --help' for usage.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        var configuration = new InvocationConfiguration
        {
            Output = output,
            Error = error,

            // Every failure is reported by CommandActions as one line with its own exit code.
            EnableDefaultExceptionHandler = false,
        };
        int exitCode = await parseResult.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        return exitCode;
    }

    /// <summary>Creates the root command with every command group.</summary>
    /// <returns>The root command.</returns>
    public static RootCommand CreateRootCommand()
    {
        var root = new RootCommand("opos, the OperatorOs operator CLI: status, approvals, memory, audit, metrics, policy, flows and deferred intents of a host's SQLite database.");
        GlobalOptions.AddTo(root);
        root.Add(StatusCommand.Create());
        root.Add(ApprovalsCommands.Create());
        root.Add(MemoryCommands.Create());
        root.Add(AuditCommands.Create());
        root.Add(MetricsCommand.Create());
        root.Add(PolicyCommands.Create());
        root.Add(FlowsCommands.Create());
        root.Add(IntentsCommands.Create());
        return root;
    }
}
