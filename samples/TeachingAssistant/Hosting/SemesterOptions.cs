using System.Globalization;

namespace TeachingAssistant.Hosting;

/// <summary>What to run: the course's size and seed, where its state lives, and where the report goes.</summary>
internal sealed record SemesterOptions
{
    public const int DefaultSeed = 2026;
    public const int DefaultStudents = 200;
    public const int DefaultWeeks = 12;

    public static string Usage { get; } = """
        Usage: dotnet run --project samples/TeachingAssistant -- [options]

          --db PATH        SQLite file for the journal, memory and approvals (default: semester.db); the billing
                           ledger and the document store sit next to it (PATH.ledger.db, PATH.files/)
          --report PATH    where the JSON report is written (default: semester-report.json)
          --inbox DIR      read the students' mail from the .eml files in DIR instead of generating it
          --seed N         seed of the generated course (default: 2026)
          --students N     number of students (default: 200)
          --weeks N        number of weeks to run, 1 to 12 (default: 12)
          --quiet          no progress line and no summary; only the report file and errors
          --help           this text

        Running again on the same --db resumes: nothing already done is done again.

        Real models, optionally (any OpenAI-compatible endpoint, e.g. Ollama at http://localhost:11434/v1/):
          OPERATOROS_MODEL_ENDPOINT   the API's base address
          OPERATOROS_MODEL_API_KEY    its key, if it needs one
          OPERATOROS_SMALL_MODEL      the model for routine triage and grading (required with an endpoint)
          OPERATOROS_LARGE_MODEL      the model unsure agents escalate to (optional)
          OPERATOROS_SMALL_PRICE, OPERATOROS_LARGE_PRICE   USD per million tokens as input/output, e.g. 0.15/0.60
        Without them the host runs offline on the agents' deterministic strategies.
        """;

    /// <summary>Gets the SQLite file of the kernel's journal, memory and approvals.</summary>
    public string DatabasePath { get; init; } = Path.GetFullPath("semester.db");

    public string ReportPath { get; init; } = Path.GetFullPath("semester-report.json");

    public string? InboxDirectory { get; init; }

    public int Seed { get; init; } = DefaultSeed;

    public int Students { get; init; } = DefaultStudents;

    public int Weeks { get; init; } = DefaultWeeks;

    public bool Quiet { get; init; }

    /// <summary>Gets the real models to run on, or <see langword="null"/> to run offline.</summary>
    public ModelSettings? Models { get; init; }

    /// <summary>Gets the Billing connector's own ledger file (it keeps its own schema, so it cannot share the kernel's file).</summary>
    public string LedgerPath => StorageStem + ".ledger.db";

    /// <summary>Gets the root of the course's document store (replies, cases, grade sheets).</summary>
    public string FilesRoot => StorageStem + ".files";

    private string StorageStem => Path.Combine(Path.GetDirectoryName(DatabasePath)!, Path.GetFileNameWithoutExtension(DatabasePath));

    /// <summary>Parses the command line; relative paths are resolved against the current directory.</summary>
    /// <exception cref="FormatException">An option is unknown, lacks its value, or has a value out of range.</exception>
    public static SemesterOptions Parse(IReadOnlyList<string> args)
    {
        var options = new SemesterOptions { Models = ModelSettings.FromEnvironment(Environment.GetEnvironmentVariable) };
        for (int i = 0; i < args.Count; i++)
        {
            string name = args[i];
            switch (name)
            {
                case "--db":
                    options = options with { DatabasePath = Path.GetFullPath(Value(args, ref i)) };
                    break;
                case "--report":
                    options = options with { ReportPath = Path.GetFullPath(Value(args, ref i)) };
                    break;
                case "--inbox":
                    options = options with { InboxDirectory = Path.GetFullPath(Value(args, ref i)) };
                    break;
                case "--seed":
                    options = options with { Seed = Number(args, ref i, 0, int.MaxValue) };
                    break;
                case "--students":
                    options = options with { Students = Number(args, ref i, 1, 2000) };
                    break;
                case "--weeks":
                    options = options with { Weeks = Number(args, ref i, 1, DefaultWeeks) };
                    break;
                case "--quiet":
                    options = options with { Quiet = true };
                    break;
                default:
                    throw new FormatException($"Unknown option '{name}'.");
            }
        }

        return options;
    }

    private static string Value(IReadOnlyList<string> args, ref int i)
    {
        string name = args[i];
        if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal) || args[i + 1].Length == 0)
        {
            throw new FormatException($"{name} needs a value.");
        }

        return args[++i];
    }

    private static int Number(IReadOnlyList<string> args, ref int i, int minimum, int maximum)
    {
        string name = args[i];
        string text = Value(args, ref i);
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value < minimum || value > maximum)
        {
            throw new FormatException($"{name} must be a whole number from {minimum} to {maximum}, not '{text}'.");
        }

        return value;
    }
}
