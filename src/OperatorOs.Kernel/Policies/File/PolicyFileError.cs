namespace OperatorOs;

/// <summary>Represents one problem in a policy file: where it is and what is wrong.</summary>
/// <param name="Path">The JSON path of the offending element, for example <c>$.amountThresholds[0].autoApproveUpTo</c>.</param>
/// <param name="Line">The 1-based line the element starts on.</param>
/// <param name="Column">The 1-based column (in UTF-8 bytes) the element starts at.</param>
/// <param name="Message">What is wrong, in words an operator understands.</param>
public sealed record PolicyFileError(string Path, int Line, int Column, string Message)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Path} (line {Line}, column {Column}): {Message}";
}
