using System.CommandLine;

namespace OperatorOs.Shell;

/// <summary>The options every command accepts (recursive on the root command), and the environment variables behind them.</summary>
/// <remarks>Each root command gets its own option instances (a symbol records its parents), and commands read them by name.</remarks>
internal static class GlobalOptions
{
    public const string DatabaseVariable = "OPOS_DB";
    public const string PolicyVariable = "OPOS_POLICY";
    public const string OperatorVariable = "OPOS_OPERATOR";

    public const string Database = "--db";
    public const string Json = "--json";
    public const string BusyTimeout = "--busy-timeout";
    public const string Policy = "--policy";

    public const int DefaultBusyTimeoutMilliseconds = 2000;

    public static void AddTo(RootCommand root)
    {
        root.Add(new Option<string?>(Database)
        {
            Description = $"The SQLite file a host uses (default: the {DatabaseVariable} environment variable). It is never created.",
            HelpName = "PATH",
            Recursive = true,
        });
        root.Add(new Option<bool>(Json)
        {
            Description = "Write JSON instead of a readable table.",
            Recursive = true,
        });
        root.Add(new Option<int>(BusyTimeout)
        {
            Description = "How long to wait, in milliseconds, for a host holding a lock before failing with exit code 11.",
            HelpName = "MS",
            Recursive = true,
            DefaultValueFactory = _ => DefaultBusyTimeoutMilliseconds,
        });
        root.Add(new Option<string?>(Policy)
        {
            Description = $"The host's policy file (default: the {PolicyVariable} environment variable); decisions then apply its trust settings.",
            HelpName = "FILE",
            Recursive = true,
        });
    }
}
