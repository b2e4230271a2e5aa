using System.Diagnostics;
using System.Globalization;

namespace OperatorOs.Kernel.Tests.Flows;

/// <summary>One run of the FlowCrashHost child process, with its output read as it comes: "ready", "working", "all-done".</summary>
internal sealed class FlowCrashHostRun : IDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource<bool> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<bool> _working = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task<bool> _output;

    private FlowCrashHostRun(Process process, CancellationToken cancellationToken)
    {
        _process = process;
        Id = process.Id;
        _output = ReadOutputAsync(cancellationToken);
    }

    public int Id { get; }

    /// <summary>Gets a task that says whether the host reported it is ready (false: it exited first).</summary>
    public Task<bool> Ready => _ready.Task;

    /// <summary>Gets a task that says whether the host reported its first connector call (false: it exited first).</summary>
    public Task<bool> Working => _working.Task;

    public static FlowCrashHostRun Start(string operatorDb, string billingDb, int flows, string callLog, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "FlowCrashHost.dll"));
        start.ArgumentList.Add(operatorDb);
        start.ArgumentList.Add(billingDb);
        start.ArgumentList.Add(flows.ToString(CultureInfo.InvariantCulture));
        start.ArgumentList.Add(callLog);
        return new FlowCrashHostRun(Process.Start(start)!, cancellationToken);
    }

    /// <summary>Waits up to <paramref name="delay"/> for the host to exit; true when it did.</summary>
    public async Task<bool> ExitsWithinAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(delay);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>SIGKILLs the host and waits until it is gone and its output is read.</summary>
    public async Task KillAsync(CancellationToken cancellationToken)
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync(cancellationToken);
        _ = await _output;
    }

    /// <summary>Waits for the host to exit on its own; returns whether it said "all-done", its exit code, and its error output.</summary>
    public async Task<(bool AllDone, int ExitCode, string Errors)> CompletionAsync(CancellationToken cancellationToken)
    {
        bool allDone = await _output;
        await _process.WaitForExitAsync(cancellationToken);
        return (allDone, _process.ExitCode, await _process.StandardError.ReadToEndAsync(cancellationToken));
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    // Reads every line until the output ends, so the host never blocks on a full pipe; true when it said "all-done".
    private async Task<bool> ReadOutputAsync(CancellationToken cancellationToken)
    {
        bool allDone = false;
        try
        {
            while (await _process.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
            {
                switch (line)
                {
                    case "ready":
                        _ready.TrySetResult(true);
                        break;

                    case "working":
                        _working.TrySetResult(true);
                        break;

                    case "all-done":
                        allDone = true;
                        break;
                }
            }
        }
        finally
        {
            _ready.TrySetResult(false);
            _working.TrySetResult(false);
        }

        return allDone;
    }
}
