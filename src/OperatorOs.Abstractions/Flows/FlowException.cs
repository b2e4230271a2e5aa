namespace OperatorOs;

/// <summary>The base class of the typed errors the flow runtime reports.</summary>
public abstract class FlowException : OperatorOsException
{
    /// <summary>Initializes a new instance of the <see cref="FlowException"/> class.</summary>
    /// <param name="message">The message that describes the error.</param>
    /// <param name="innerException">The exception that caused this one, if any.</param>
    protected FlowException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
