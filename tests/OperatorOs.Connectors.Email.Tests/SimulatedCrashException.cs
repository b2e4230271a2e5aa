namespace OperatorOs.Connectors.Email.Tests;

/// <summary>Thrown by a test hook to stop a send where a process crash would stop it.</summary>
internal sealed class SimulatedCrashException : Exception
{
    public SimulatedCrashException()
        : base("Simulated crash.")
    {
    }
}
