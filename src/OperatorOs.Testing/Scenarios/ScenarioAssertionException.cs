namespace OperatorOs.Testing;

/// <summary>Thrown by <see cref="OperatorScenario"/>'s expectations, with what the scenario actually did; any test framework reports it as a failure.</summary>
public sealed class ScenarioAssertionException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="ScenarioAssertionException"/> class.</summary>
    public ScenarioAssertionException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ScenarioAssertionException"/> class.</summary>
    /// <param name="message">What was expected and what happened.</param>
    public ScenarioAssertionException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ScenarioAssertionException"/> class.</summary>
    /// <param name="message">What was expected and what happened.</param>
    /// <param name="innerException">The cause.</param>
    public ScenarioAssertionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
