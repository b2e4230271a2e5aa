using OperatorOs.Shared;

namespace OperatorOs;

/// <summary>The error a malformed or invalid policy file causes; it lists every problem with its JSON path, line and column.</summary>
public sealed class PolicyFileException : OperatorOsException
{
    /// <summary>Initializes a new instance of the <see cref="PolicyFileException"/> class.</summary>
    /// <param name="source">The file path, or a description of where the text came from.</param>
    /// <param name="errors">The problems found; at least one.</param>
    /// <param name="innerException">The exception that caused this one, if any.</param>
    /// <exception cref="ArgumentNullException">A reference argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="errors"/> is empty.</exception>
    public PolicyFileException(string source, IReadOnlyList<PolicyFileError> errors, Exception? innerException = null)
        : base(Format(source, errors), innerException)
    {
        FilePath = source;
        Errors = errors;
    }

    /// <summary>Gets the file path, or a description of where the text came from.</summary>
    public string FilePath { get; }

    /// <summary>Gets the problems found, in file order.</summary>
    public IReadOnlyList<PolicyFileError> Errors { get; }

    private static string Format(string source, IReadOnlyList<PolicyFileError> errors)
    {
        _ = Throw.IfNull(source);
        _ = Throw.IfNull(errors);
        if (errors.Count == 0)
        {
            throw new ArgumentException("A policy file error needs at least one problem.", nameof(errors));
        }

        return $"The policy file '{source}' is invalid ({errors.Count} problem(s)):{Environment.NewLine}  " +
            string.Join(Environment.NewLine + "  ", errors);
    }
}
