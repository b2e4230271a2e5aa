using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OperatorOs;
using OperatorOs.Connectors.Email;
using TeachingAssistant.Course;
using TeachingAssistant.Hosting;

namespace TeachingAssistant.Tests;

/// <summary>Runs a seeded slice of the semester (30 students, 3 weeks) twice on one database, and keeps what each run left behind.</summary>
/// <remarks>Seed 81 is chosen because its first three weeks hold withdrawals on both payment plans and injection attempts in mail and submissions.</remarks>
public sealed class SemesterSliceFixture : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();

    internal SemesterOptions Options { get; private set; } = null!;

    internal GeneratedCourse Course { get; private set; } = null!;

    internal SemesterResult First { get; private set; } = null!;

    internal SemesterResult Second { get; private set; } = null!;

    internal StoreSnapshot AfterFirst { get; private set; } = null!;

    internal StoreSnapshot AfterSecond { get; private set; } = null!;

    internal string FirstOutput { get; private set; } = string.Empty;

    internal string SecondOutput { get; private set; } = string.Empty;

    internal JsonDocument FirstReport { get; private set; } = null!;

    /// <summary>Gets the mail signals memory held after the first run (retention prunes old signals at a later start).</summary>
    internal IReadOnlyList<MemoryRecord> FirstSignals { get; private set; } = [];

    /// <summary>Gets the journal's <c>intent.received</c> events of mail after the first run (retention drops their payloads at a later start).</summary>
    internal IReadOnlyList<JournalEvent> FirstMailIntents { get; private set; } = [];

    public async ValueTask InitializeAsync()
    {
        Options = new SemesterOptions
        {
            DatabasePath = _directory.Combine("semester.db"),
            ReportPath = _directory.Combine("semester-report.json"),
            Seed = 81,
            Students = 30,
            Weeks = 3,
        };
        Course = CourseGenerator.Generate(Options.Seed, Options.Students, Options.Weeks);

        var output = new StringWriter();
        First = await SemesterApp.RunAsync(Options, output, output, terminal: false, CancellationToken.None);
        FirstOutput = output.ToString();
        FirstReport = JsonDocument.Parse(await File.ReadAllBytesAsync(Options.ReportPath));
        AfterFirst = await StoreSnapshot.TakeAsync(Options, CancellationToken.None);
        FirstSignals = await ReadAsync(async services =>
            (await services.GetRequiredService<MemoryStore>().QueryAsync(new MemoryQuery { Kind = MemoryKind.Signal }))
            .Where(r => r.Entity.StartsWith("thread/", StringComparison.Ordinal))
            .ToList());
        FirstMailIntents = await ReadAsync(async services =>
        {
            var found = new List<JournalEvent>();
            await foreach (JournalEvent e in services.GetRequiredService<Journal>().ReadAsync(1))
            {
                if (e.Type == JournalEventTypes.IntentReceived && e.Payload.GetProperty("name").GetString() == InboundEmail.DefaultIntentName)
                {
                    found.Add(e);
                }
            }

            return found;
        });

        output = new StringWriter();
        Second = await SemesterApp.RunAsync(Options, output, output, terminal: false, CancellationToken.None);
        SecondOutput = output.ToString();
        AfterSecond = await StoreSnapshot.TakeAsync(Options, CancellationToken.None);
    }

    /// <summary>Reads the run's stores through the same host assembly the run used (built, never started).</summary>
    internal async Task<T> ReadAsync<T>(Func<IServiceProvider, Task<T>> read)
    {
        using IHost host = SemesterHost.Build(Options, TextWriter.Null);
        return await read(host.Services);
    }

    public ValueTask DisposeAsync()
    {
        FirstReport?.Dispose();
        _directory.Dispose();
        return ValueTask.CompletedTask;
    }
}
