namespace OperatorOs;

/// <summary>The answer to "may this call be made": a reservation to settle, or the budget it would overrun.</summary>
internal readonly record struct BudgetCheck(BudgetReservation? Reservation, string? Exceeded)
{
    public bool Allowed => Reservation is not null;
}
