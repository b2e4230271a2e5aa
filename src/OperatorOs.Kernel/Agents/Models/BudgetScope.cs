namespace OperatorOs;

/// <summary>What a model budget applies to.</summary>
public enum BudgetScope
{
    /// <summary>One agent, or every agent with the name <c>*</c>.</summary>
    Agent = 0,

    /// <summary>One workflow (an intent name or a flow name), or every workflow with the name <c>*</c>.</summary>
    Workflow = 1,
}
