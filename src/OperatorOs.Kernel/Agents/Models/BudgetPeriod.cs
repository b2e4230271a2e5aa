namespace OperatorOs;

/// <summary>The period a model budget renews over, in UTC calendar terms.</summary>
public enum BudgetPeriod
{
    /// <summary>Each UTC day.</summary>
    Day = 0,

    /// <summary>Each UTC calendar month.</summary>
    Month = 1,
}
