namespace OperatorOs;

/// <summary>Configures the approval dispatcher: the hosted service that executes approved actions nobody executed yet.</summary>
/// <remarks>
/// Approvals decided by another process (the operator CLI works on the host's database and holds no connectors), or whose
/// execution a crash interrupted, wait as Approved without an outcome; the dispatcher executes them at host start and then
/// every <see cref="Interval"/>.
/// </remarks>
public class ApprovalDispatchOptions
{
    /// <summary>Gets or sets a value indicating whether the dispatcher runs.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets or sets the time between two passes.</summary>
    /// <value>The default value is 30 seconds; it must be between 1 millisecond and 1 day.</value>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);
}
