using System.Diagnostics;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace OperatorOs.Shell.Tests;

/// <summary>The built tool run as a process, as an operator runs it: exit codes, stdout and stderr, and the OPOS_DB variable.</summary>
public sealed class ToolProcessTests(HostDatabase host) : IDisposable
{
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task Status_WithOposDbVariable_PrintsJsonAndExitsZero()
    {
        string db = host.CopyTo(_directory);

        (int exitCode, string output, string error) = await RunToolAsync(["status", "--json"], db);

        Assert.True(exitCode == ExitCodes.Ok, error);
        using JsonDocument status = JsonDocument.Parse(output);
        Assert.Equal(db, status.RootElement.GetProperty("database").GetString());
        Assert.Empty(error);
    }

    [Fact]
    public async Task ApproveThenList_AsProcesses_RecordsTheDecision()
    {
        string db = host.CopyTo(_directory);

        (int approved, _, string approveError) = await RunToolAsync(["approvals", "approve", host.MailPending, "--by", "ada"], db);
        (int listed, string output, _) = await RunToolAsync(["approvals", "list", "--status", "approved", "--json"], db);

        Assert.True(approved == ExitCodes.Ok, approveError);
        Assert.Equal(ExitCodes.Ok, listed);
        using JsonDocument list = JsonDocument.Parse(output);
        Assert.Contains(list.RootElement.EnumerateArray(), r => r.GetProperty("id").GetString() == host.MailPending);
    }

    [Fact]
    public async Task MissingDatabase_ExitsWithItsCodeAndOneLine()
    {
        string db = _directory.Combine("missing.db");

        (int exitCode, string output, string error) = await RunToolAsync(["status", "--db", db], databaseVariable: null);

        Assert.Equal(ExitCodes.DatabaseMissing, exitCode);
        Assert.Empty(output);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.False(File.Exists(db));
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunToolAsync(string[] args, string? databaseVariable)
    {
        string tool = Path.Combine(AppContext.BaseDirectory, "OperatorOs.Shell.dll");
        Assert.True(File.Exists(tool), $"the built tool is missing at {tool}");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(tool);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("OPOS_DB");
        if (databaseVariable is not null)
        {
            start.Environment["OPOS_DB"] = databaseVariable;
        }

        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        Task<string> error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output, await error);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }
}
