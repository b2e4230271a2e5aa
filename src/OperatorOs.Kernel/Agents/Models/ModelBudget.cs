using OperatorOs.Shared;

namespace OperatorOs;

/// <summary>A hard limit on the tokens and money models may spend for an agent or a workflow per period.</summary>
/// <remarks>
/// The kernel checks a budget before each model call, counting the call's estimated cost as spent until the provider reports
/// the real figure: a call that would overrun goes to a cheaper tier, or the work waits for the operator. No call is made
/// over budget.
/// </remarks>
public sealed record ModelBudget
{
    /// <summary>Initializes a new instance of the <see cref="ModelBudget"/> class.</summary>
    /// <param name="scope">What the budget applies to.</param>
    /// <param name="name">The agent or workflow name, or <c>*</c> for each of them separately.</param>
    /// <param name="period">The period the budget renews over.</param>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty.</exception>
    public ModelBudget(BudgetScope scope, string name, BudgetPeriod period)
    {
        Scope = scope;
        Name = Throw.IfNullOrWhitespace(name);
        Period = period;
    }

    /// <summary>Gets what the budget applies to.</summary>
    public BudgetScope Scope { get; }

    /// <summary>Gets the agent or workflow name, or <c>*</c>.</summary>
    public string Name { get; }

    /// <summary>Gets the period the budget renews over.</summary>
    public BudgetPeriod Period { get; }

    /// <summary>Gets the most tokens (input and output) per period, or <see langword="null"/> for no token limit.</summary>
    public long? MaxTokens { get; init; }

    /// <summary>Gets the most money per period, in the prices' currency, or <see langword="null"/> for no money limit.</summary>
    public decimal? MaxCost { get; init; }

    /// <summary>Returns whether the budget covers a name in its scope.</summary>
    /// <param name="name">The agent or workflow name.</param>
    /// <returns><see langword="true"/> when the budget is for that name or for every name.</returns>
    public bool Covers(string name) => Name == "*" || string.Equals(Name, name, StringComparison.Ordinal);
}
