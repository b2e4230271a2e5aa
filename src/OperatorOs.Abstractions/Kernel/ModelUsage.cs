namespace OperatorOs;

/// <summary>Model calls, tokens and their cost, added up over an agent, a workflow, a model or everything.</summary>
/// <param name="Calls">The number of model calls.</param>
/// <param name="InputTokens">The input tokens, as reported by the provider or estimated when it reported none.</param>
/// <param name="OutputTokens">The output tokens, likewise.</param>
/// <param name="Cost">The cost at the configured prices, in the prices' currency.</param>
public readonly record struct ModelUsage(long Calls, long InputTokens, long OutputTokens, decimal Cost)
{
    /// <summary>Gets the input and output tokens together.</summary>
    public long TotalTokens => InputTokens + OutputTokens;

    /// <summary>Adds two usages.</summary>
    /// <param name="left">The first usage.</param>
    /// <param name="right">The second usage.</param>
    /// <returns>The sum.</returns>
    public static ModelUsage operator +(ModelUsage left, ModelUsage right) =>
        new(left.Calls + right.Calls, left.InputTokens + right.InputTokens, left.OutputTokens + right.OutputTokens, left.Cost + right.Cost);

    /// <summary>Adds two usages.</summary>
    /// <param name="left">The first usage.</param>
    /// <param name="right">The second usage.</param>
    /// <returns>The sum.</returns>
    public static ModelUsage Add(ModelUsage left, ModelUsage right) => left + right;
}
