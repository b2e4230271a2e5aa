namespace OperatorOs.Shell;

/// <summary>The exception a command throws to end with a given exit code and a one-line message.</summary>
internal sealed class OposException : Exception
{
    public OposException(int exitCode, string message)
        : base(message)
    {
        ExitCode = exitCode;
    }

    public int ExitCode { get; }
}
