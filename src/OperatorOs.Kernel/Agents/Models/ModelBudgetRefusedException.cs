namespace OperatorOs;

/// <summary>Thrown inside the gateway's resilience pipeline when a retry would overrun a budget, so the retry is not made; never leaves the gateway.</summary>
internal sealed class ModelBudgetRefusedException : Exception
{
    public ModelBudgetRefusedException(string reason)
        : base(reason)
    {
    }
}
