namespace OperatorOs;

/// <summary>Represents the memory selected for an agent, in priority order, within a token budget.</summary>
/// <param name="Items">The selected items: facts, then recent context, then retrieved records.</param>
/// <param name="TokenCount">The tokens the items cost together.</param>
/// <param name="TokenBudget">The budget they had to fit.</param>
/// <param name="Omitted">How many candidate records did not fit.</param>
public sealed record AssembledContext(IReadOnlyList<ContextItem> Items, int TokenCount, int TokenBudget, int Omitted)
{
    /// <summary>Gets the items as text, one per line, ready for a prompt.</summary>
    public string Text => string.Join('\n', Items.Select(item => item.Text));
}
