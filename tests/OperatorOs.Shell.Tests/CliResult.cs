using System.Text.Json;

namespace OperatorOs.Shell.Tests;

/// <summary>What one <c>opos</c> run produced.</summary>
public sealed record CliResult(int ExitCode, string Out, string Error)
{
    public JsonElement Json()
    {
        using JsonDocument document = JsonDocument.Parse(Out);
        return document.RootElement.Clone();
    }

    /// <summary>Asserts the run failed the way the operator should see it: the exit code, one line on stderr, no stack trace.</summary>
    public void AssertOneLineError(int exitCode, string expectedFragment)
    {
        Assert.True(ExitCode == exitCode, $"exit code {ExitCode}, expected {exitCode}; stderr: {Error}; stdout: {Out}");
        string[] lines = Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("opos: ", lines[0], StringComparison.Ordinal);
        Assert.Contains(expectedFragment, lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception:", Error, StringComparison.Ordinal);
    }
}
