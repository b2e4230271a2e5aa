using System.CommandLine;

namespace OperatorOs.Shell;

/// <summary>The options every command accepts (recursive on the root command), and the environment variables behind them.</summary>
internal static class GlobalOptions
{
    public const string DatabaseVariable = "OPOS_DB";
    public const string PolicyVariable = "OPOS_POLICY";
    public const string OperatorVariable = "OPOS_OPERATOR";

    public static Option<string?> Database { get; } = new("--db")
    {
        Description = $"The SQLite file a host uses (default: the {DatabaseVariable} environment variable). It is never created.",
        HelpName = "PATH",
        Recursive = true,
    };

    public static Option<bool> Json { get; } = new("--json")
    {
        Description = "Write JSON instead of a readable table.",
        Recursive = true,
    };

    public static Option<int> BusyTimeout { get; } = new("--busy-timeout")
    {
        Description = "How long to wait, in milliseconds, for a host holding a lock before failing with exit code 11.",
        HelpName = "MS",
        Recursive = true,
        DefaultValueFactory = _ => 2000,
    };

    public static Option<string?> Policy { get; } = new("--policy")
    {
        Description = $"The host's policy file (default: the {PolicyVariable} environment variable); decisions then apply its trust settings.",
        HelpName = "FILE",
        Recursive = true,
    };
}
