namespace OperatorOs;

/// <summary>The exception that is thrown when an intent is malformed.</summary>
public sealed class InvalidIntentException : OperatorOsException
{
    /// <summary>Initializes a new instance of the <see cref="InvalidIntentException"/> class.</summary>
    /// <param name="field">The field that is malformed.</param>
    /// <param name="problem">What is wrong with it.</param>
    public InvalidIntentException(string field, string problem)
        : base($"Invalid intent: {field} {problem}.")
    {
        Field = field;
    }

    /// <summary>Gets the field that is malformed.</summary>
    public string Field { get; }
}
