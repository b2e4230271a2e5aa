namespace OperatorOs;

/// <summary>Configures the flow runtime.</summary>
public class FlowRuntimeOptions
{
    /// <summary>Gets or sets how often the hosted service checks the approvals that waiting instances depend on, to notice decisions taken in another process.</summary>
    /// <value>The default value is 30 seconds. Decisions taken through this process's approval queue resume their instance at once.</value>
    public TimeSpan ApprovalPollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how long after a transient step failure (after the executor's own retries) the step is tried again.</summary>
    /// <value>The default value is 1 minute.</value>
    public TimeSpan StepRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets or sets the most automatic transitions an instance takes in a row before it is failed as looping.</summary>
    /// <value>The default value is 100.</value>
    public int MaxAutomaticTransitions { get; set; } = 100;

    /// <summary>Gets or sets how many instances recovery resumes at once when the host starts.</summary>
    /// <value>The default value is 8.</value>
    public int RecoveryConcurrency { get; set; } = 8;
}
