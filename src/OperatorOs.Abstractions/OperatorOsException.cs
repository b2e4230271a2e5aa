namespace OperatorOs;

/// <summary>The base class of the typed errors OperatorOs reports.</summary>
public abstract class OperatorOsException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="OperatorOsException"/> class.</summary>
    /// <param name="message">The message that describes the error.</param>
    /// <param name="innerException">The exception that caused this one, if any.</param>
    protected OperatorOsException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
