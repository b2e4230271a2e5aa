using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace TeachingAssistant.Hosting;

/// <summary>Runs a semester in-process: builds the host, resumes or starts the semester, runs it and writes the report. <c>Program</c> and the tests both call it.</summary>
internal static class SemesterApp
{
    public static async Task<SemesterResult> RunAsync(SemesterOptions options, TextWriter output, TextWriter errors, bool terminal, CancellationToken cancellationToken)
    {
        using IHost host = SemesterHost.Build(options, errors);
        SemesterRunner runner = host.Services.GetRequiredService<SemesterRunner>();

        // Before the host starts its background services (retention), so they see the resumed clock, never an earlier one.
        await runner.PrepareAsync(cancellationToken);
        await host.StartAsync(cancellationToken);

        // Ctrl+C or SIGTERM stops the host (its console lifetime), and with it the run, between two steps.
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
        try
        {
            return await runner.RunAsync(options.Quiet ? TextWriter.Null : output, terminal, stopping.Token);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }
}
