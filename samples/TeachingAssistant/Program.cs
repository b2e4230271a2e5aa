using TeachingAssistant.Hosting;

// The teaching-assistant host: one semester of an online course, run offline on the embedded SQLite store.
SemesterOptions options;
try
{
    if (args.Contains("--help") || args.Contains("-h"))
    {
        Console.WriteLine(SemesterOptions.Usage);
        return 0;
    }

    options = SemesterOptions.Parse(args);
}
catch (FormatException ex)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(SemesterOptions.Usage);
    return 2;
}

if (options.InboxDirectory is { } inbox && !Directory.Exists(inbox))
{
    Console.Error.WriteLine($"--inbox: the directory '{inbox}' does not exist.");
    return 2;
}

try
{
    // Ctrl+C stops the run between two steps (the host's console lifetime); the next run on the same database resumes.
    SemesterResult result = await SemesterApp.RunAsync(options, Console.Out, Console.Error, terminal: !Console.IsOutputRedirected, CancellationToken.None);
    return result.ExitCode;
}
catch (DatabaseInUseException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}
catch (OperationCanceledException)
{
    Console.Error.WriteLine();
    Console.Error.WriteLine("Stopped. Run the same command again to resume.");
    return 130;
}
