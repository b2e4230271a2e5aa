namespace OperatorOs;

/// <summary>Specifies why a flow instance refused an event.</summary>
public enum FlowTriggerRefusal
{
    /// <summary>No state of the instance's flow declares the trigger.</summary>
    UnknownTrigger = 0,

    /// <summary>The flow declares the trigger, but not in the instance's current state.</summary>
    NotAcceptedInState = 1,

    /// <summary>A transition is under way (a step waits for an approval or a resume); events wait until it completes.</summary>
    TransitionInProgress = 2,
}
