namespace OperatorOs;

/// <summary>What a model costs per million tokens, in one currency for all models.</summary>
/// <param name="InputPerMillionTokens">The price of a million input tokens.</param>
/// <param name="OutputPerMillionTokens">The price of a million output tokens.</param>
public sealed record ModelPrice(decimal InputPerMillionTokens, decimal OutputPerMillionTokens)
{
    /// <summary>Prices a number of tokens.</summary>
    /// <param name="inputTokens">The input tokens.</param>
    /// <param name="outputTokens">The output tokens.</param>
    /// <returns>The cost.</returns>
    public decimal Cost(long inputTokens, long outputTokens) =>
        ((inputTokens * InputPerMillionTokens) + (outputTokens * OutputPerMillionTokens)) / 1_000_000m;
}
