using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace OperatorOs.Shell.Tests;

/// <summary>
/// A database file written by a real host running a small enrollment flow on SQLite: one instance awaits approval of its
/// refund, one completed, one failed at its first step (the connector refused it). Built once per test class; every test
/// works on its own copy.
/// </summary>
public sealed class FlowHostDatabase : IAsyncLifetime
{
    public const string Waiting = "enr-waiting";
    public const string Done = "enr-done";
    public const string Failed = "enr-failed";

    private readonly TempDirectory _directory = new();

    public string GoldenPath => _directory.Combine("flows.db");

    /// <summary>Gets the approval request <see cref="Waiting"/> waits for.</summary>
    public string ApprovalId { get; private set; } = string.Empty;

    public static FlowDefinition Enrollment { get; } = FlowDefinition.Create("enrollment", 1)
        .Initial("awaiting-payment")
        .State("awaiting-payment", s => s
            .On("payment.received")
                .Step("note-payment", "notes.write", c => new JsonObject { ["student"] = c.Input.GetProperty("student").GetString(), ["paid"] = c.Payload.GetProperty("amount").GetDecimal() })
                .TransitionTo("active")
            .On("enrollment.cancelled").TransitionTo("cancelled"))
        .State("active", s => s
            .On("refund.requested")
                .Step("refund", "billing.refund", c => new JsonObject { ["student"] = c.Input.GetProperty("student").GetString(), ["amount"] = c.StepOutput("note-payment").GetProperty("paid").GetDecimal() })
                .OnRefused("active")
                .TransitionTo("refunded")
            .On("course.finished").TransitionTo("graduated"))
        .Terminal("cancelled", "refunded", "graduated")
        .Build();

    /// <summary>Builds a host with the enrollment flow over a database file: internal-tier steps execute, the refund needs approval.</summary>
    public static ServiceProvider BuildHost(string path, RecordingConnector connector)
    {
        var services = new ServiceCollection();
        services.AddOperatorOs(o =>
            {
                o.TierDefaults[RiskTier.Internal] = PolicyVerdict.Execute;
                o.ExecutionRetryDelay = TimeSpan.Zero;
                o.MaxExecutionAttempts = 1;
            })
            .UseSqlite(path)
            .AddConnector(connector)
            .AddFlow(Enrollment);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public string CopyTo(TempDirectory directory)
    {
        string path = directory.Combine($"flows-{Guid.NewGuid():n}.db");
        File.Copy(GoldenPath, path);
        return path;
    }

    public async ValueTask InitializeAsync()
    {
        CancellationToken ct = CancellationToken.None;
        var connector = new RecordingConnector("test", HostDatabase.Capabilities)
        {
            // The notes service refuses the third student's payment note: that instance fails at its step.
            ExecuteAsyncCallback = (request, _) => request.Arguments.TryGetProperty("student", out JsonElement student) && student.GetString() == "s3"
                ? throw new ConnectorException("test", "the notes service refused the note", isTransient: false)
                : Task.FromResult(request.Arguments),
        };
        await using (ServiceProvider host = BuildHost(GoldenPath, connector))
        {
            IFlowRuntime flows = host.GetRequiredService<IFlowRuntime>();
            JsonElement paid = TestJson.Parse("""{"amount":120}""");

            await flows.StartAsync("enrollment", Waiting, TestJson.Parse("""{"student":"s1"}"""), "student/1", ct);
            await flows.RaiseAsync(Waiting, "payment.received", paid, ct);
            ApprovalId = (await flows.RaiseAsync(Waiting, "refund.requested", default, ct)).ApprovalId!;

            await flows.StartAsync("enrollment", Done, TestJson.Parse("""{"student":"s2"}"""), "student/2", ct);
            await flows.RaiseAsync(Done, "payment.received", paid, ct);
            await flows.RaiseAsync(Done, "course.finished", default, ct);

            await flows.StartAsync("enrollment", Failed, TestJson.Parse("""{"student":"s3"}"""), "student/3", ct);
            FlowInstance failed = await flows.RaiseAsync(Failed, "payment.received", paid, ct);
            if (failed.Status != FlowStatus.Failed || ApprovalId.Length == 0)
            {
                throw new InvalidOperationException($"the fixture did not reach its states: {Failed} is {failed.Status}, approval '{ApprovalId}'.");
            }
        }

        SqliteConnection.ClearAllPools();
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
        return ValueTask.CompletedTask;
    }
}
