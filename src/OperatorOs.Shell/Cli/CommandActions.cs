using System.CommandLine;

namespace OperatorOs.Shell;

/// <summary>Binds a command to its handler, with the one place where failures become an exit code and a one-line message.</summary>
internal static class CommandActions
{
    public static Command WithHandler(this Command command, Func<CommandContext, Task<int>> handler)
    {
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var context = new CommandContext(parseResult, cancellationToken);
            try
            {
                return await handler(context).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                (int exitCode, string message) = ErrorReport.Describe(ex);
                await context.Error.WriteLineAsync("opos: " + ErrorReport.OneLine(message)).ConfigureAwait(false);
                return exitCode;
            }
        });
        return command;
    }

    /// <summary>Binds a command whose handler works on the host's database, opened before and disposed after it.</summary>
    public static Command WithDatabase(this Command command, Func<CommandContext, OposSession, Task<int>> handler) =>
        command.WithHandler(context => UsingDatabaseAsync(context, session => handler(context, session)));

    /// <summary>Opens the database, runs <paramref name="work"/>, and disposes the session (which waits for journal appends).</summary>
    public static async Task<int> UsingDatabaseAsync(CommandContext context, Func<OposSession, Task<int>> work)
    {
        OposSession session = context.OpenDatabase();
        await using (session.ConfigureAwait(false))
        {
            return await work(session).ConfigureAwait(false);
        }
    }
}
