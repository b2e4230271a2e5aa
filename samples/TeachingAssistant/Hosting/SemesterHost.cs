using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OperatorOs;
using TeachingAssistant.Agents;
using TeachingAssistant.Course;
using TeachingAssistant.Enrollment;
using TeachingAssistant.Inbound;
using TeachingAssistant.Intake;
using TeachingAssistant.Operator;
using TeachingAssistant.Reporting;
using TeachingAssistant.Support;
using TeachingAssistant.Time;

namespace TeachingAssistant.Hosting;

/// <summary>Assembles the teaching assistant as a .NET Generic Host, the way a user's own host would: policy file, SQLite storage, connectors, agents, routes and a course policy, all through DI.</summary>
internal static class SemesterHost
{
    /// <summary>Below this similarity to the triage agent's exemplars an email goes to the operator unrouted (the offline embeddings are lexical, so scores run low).</summary>
    public const double RoutingThreshold = 0.15;

    public static IHost Build(SemesterOptions options, TextWriter errors)
    {
        SemesterCalendar calendar = CourseGenerator.CalendarFor(options.Weeks);
        GeneratedCourse course = CourseGenerator.Generate(options.Seed, options.Students, options.Weeks);
        var clock = new SemesterClock(calendar.Start);
        Directory.CreateDirectory(Path.GetDirectoryName(options.DatabasePath)!);
        Directory.CreateDirectory(options.FilesRoot);

        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [],
            ApplicationName = "TeachingAssistant",
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        IServiceCollection services = builder.Services;

        // The simulated semester's clock is the SDK's clock: journal, memory, approvals and the ledger all live in semester time.
        services.AddSingleton(clock);
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton(options);
        services.AddSingleton(calendar);
        services.AddSingleton(course);
        services.AddSingleton<IInboundMail>(options.InboxDirectory is null ? new GeneratedMail(course) : new EmlDirectoryMail(options.InboxDirectory, calendar, errors));

        services.AddOperatorOs(o =>
            {
                o.PolicyFile = Path.Combine(AppContext.BaseDirectory, "policies.json");
                o.ApprovalExpiry = null;   // the operator decides every request; none lapses while it waits
                options.Models?.Configure(o);
            })
            .UseSqlite(options.DatabasePath)
            .AddMemorySearch()
            .AddMemoryRetention()
            .AddFilesConnector(files => files.RootPath = options.FilesRoot)
            .AddBillingConnector(billing => billing.DatabasePath = options.LedgerPath)
            .MapIntentToAgent(SubmissionDesk.IntentName, Roles.GraderName)
            .MapExemplarsToAgent(Roles.TriageName, Roles.TriageExemplars)
            .AddFlow(EnrollmentFlow.Define())
            .AddPolicy<RefundWindowPolicy>();
        services.Configure<SemanticRoutingOptions>(routing =>
        {
            routing.Threshold = RoutingThreshold;

            // An email's payload (InboundEmail.ToJson) has its text under "text"; the subject says as much, so both are routed on.
            routing.TextOf = intent => intent.Payload.ValueKind == JsonValueKind.Object && Json.GetString(intent.Payload, "text") is { } text
                ? $"{Json.GetString(intent.Payload, "subject")}\n{text}".Trim()
                : null;
        });
        options.Models?.Register(services);
        services.AddOptions<EnrollmentOptions>();

        // Both roles' strategies read memory, so the roles are built from the container.
        services.AddSingleton(sp => Roles.Triage(sp.GetRequiredService<MemoryIndex>()));
        services.AddSingleton(sp => Roles.Grader(sp.GetRequiredService<MemoryStore>()));

        services.AddSingleton<EnrollmentWorkflow>();
        services.AddSingleton<GradeBook>();
        services.AddSingleton<AnswerLibrary>();
        services.AddSingleton<CourseSetup>();
        services.AddSingleton<ReviewFollowUp>();
        services.AddSingleton<IntentRecovery>();
        services.AddSingleton<MailDesk>();
        services.AddSingleton<SubmissionDesk>();
        services.AddSingleton<SimulatedOperator>();
        services.AddSingleton<WeeklyDigest>();
        services.AddSingleton<ReportBuilder>();
        services.AddSingleton<SemesterRunner>();
        return builder.Build();
    }
}
