namespace OperatorOs;

/// <summary>Specifies where a flow instance stands.</summary>
public enum FlowStatus
{
    /// <summary>The instance rests in a non-terminal state, waiting for an event or a timer.</summary>
    Active = 0,

    /// <summary>A transition is under way: its steps are running, or will be resumed after a restart.</summary>
    Running = 1,

    /// <summary>A step of a transition waits for the operator's decision on its approval request.</summary>
    AwaitingApproval = 2,

    /// <summary>The instance reached a terminal state; it accepts no more events.</summary>
    Completed = 3,

    /// <summary>A step failed; the instance keeps its place, and <see cref="IFlowRuntime.ResumeAsync"/> retries the step with the same operation token.</summary>
    Failed = 4,
}
