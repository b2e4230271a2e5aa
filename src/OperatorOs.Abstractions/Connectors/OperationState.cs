namespace OperatorOs;

/// <summary>Specifies what a connector knows about an operation token.</summary>
public enum OperationState
{
    /// <summary>The connector has no record of the token: the effect has not happened.</summary>
    NotFound = 0,

    /// <summary>The effect happened; the result is available.</summary>
    Completed = 1,
}
