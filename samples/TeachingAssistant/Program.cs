using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OperatorOs;
using TeachingAssistant;
using TeachingAssistant.Agents;

// The teaching-assistant host: assembled through DI exactly as a user's own host would be.
HostApplicationBuilder builder = Host.CreateApplicationBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);

// --inbox DIR replaces the generated questions with the .eml files of an operator's own mail export.
string? inbox = builder.Configuration["inbox"];
if (inbox is not null && !Directory.Exists(inbox))
{
    Console.Error.WriteLine($"--inbox: the directory '{inbox}' does not exist.");
    return 2;
}

string dataDirectory = Path.GetFullPath(builder.Configuration["data"] ?? Path.Combine(Environment.CurrentDirectory, ".teaching-assistant"));
string filesRoot = Path.Combine(dataDirectory, "files");
string databasePath = Path.Combine(dataDirectory, "operator.db");

// Each run starts a fresh term: documents and records from an earlier run would be counted again.
if (Directory.Exists(dataDirectory))
{
    Directory.Delete(dataDirectory, recursive: true);
}

Directory.CreateDirectory(filesRoot);

builder.Services.AddOperatorOs(o => o.PolicyFile = Path.Combine(AppContext.BaseDirectory, "policies.json"))
    .UseSqlite(databasePath)
    .AddMemorySearch()
    .AddMemoryRetention()
    .AddFilesConnector(o => o.RootPath = filesRoot)
    .AddAgent(Roles.Registrar)
    .MapIntentToAgent("submission.received", Roles.Registrar.Name)
    .MapExemplarsToAgent(Roles.TriageName, Roles.TriageExemplars);

// The triage role's strategy searches memory, so the role is built from the container.
builder.Services.AddSingleton(sp => Roles.Triage(sp.GetRequiredService<MemoryIndex>()));
builder.Services.AddSingleton<SemesterRunner>();

using IHost host = builder.Build();
await host.StartAsync();
int exitCode = await host.Services.GetRequiredService<SemesterRunner>().RunAsync(Console.Out, filesRoot, databasePath, inbox, CancellationToken.None);
await host.StopAsync();
return exitCode;
