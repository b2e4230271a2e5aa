namespace OperatorOs.Shell.Tests;

/// <summary>Runs <c>opos</c> in-process through <see cref="OposApp.RunAsync"/>.</summary>
internal static class Cli
{
    public static async Task<CliResult> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int exitCode = await OposApp.RunAsync(args, output, error, TestContext.Current.CancellationToken);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }
}
