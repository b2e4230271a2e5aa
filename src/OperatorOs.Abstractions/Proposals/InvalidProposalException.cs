namespace OperatorOs;

/// <summary>The exception that is thrown when an action proposal is malformed.</summary>
public sealed class InvalidProposalException : OperatorOsException
{
    /// <summary>Initializes a new instance of the <see cref="InvalidProposalException"/> class.</summary>
    /// <param name="field">The field that is malformed.</param>
    /// <param name="problem">What is wrong with it.</param>
    public InvalidProposalException(string field, string problem)
        : base($"Invalid action proposal: {field} {problem}.")
    {
        Field = field;
    }

    /// <summary>Gets the field that is malformed.</summary>
    public string Field { get; }
}
