namespace OperatorOs;

/// <summary>Specifies what a connector knows about an operation token.</summary>
public enum OperationState
{
    /// <summary>The connector has no record of the token: the effect has not happened.</summary>
    NotFound = 0,

    /// <summary>The effect happened; the result is available.</summary>
    Completed = 1,

    /// <summary>The operation was started but its outcome was never recorded (for example the process stopped between the call and
    /// its acknowledgement): the effect may or may not have happened, and the connector will not repeat it on its own.</summary>
    InDoubt = 2,
}
