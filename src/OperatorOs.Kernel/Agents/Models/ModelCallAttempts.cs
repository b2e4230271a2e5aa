using Microsoft.Extensions.AI;

namespace OperatorOs;

/// <summary>The attempts of one model call (the first and each retry): each holds its own reservation against the budgets.</summary>
/// <remarks>
/// A retry is another request the provider may bill, so it must fit the budgets again; an attempt the pipeline timed out may
/// have been billed in full, so it is charged at its reservation rather than released.
/// </remarks>
internal sealed class ModelCallAttempts
{
    private readonly UsageLedger _ledger;
    private readonly Func<ModelCallAttempts, BudgetReservation, CancellationToken, Task> _chargeTimedOut;
    private readonly CancellationToken _callToken;
    private BudgetReservation? _reserved;

    public ModelCallAttempts(
        UsageLedger ledger, ModelTier tier, ModelCallScope scope, IReadOnlyList<ChatMessage> messages, ChatOptions options,
        long estimatedInput, long outputAllowance, decimal estimatedCost, BudgetReservation first,
        Func<ModelCallAttempts, BudgetReservation, CancellationToken, Task> chargeTimedOut, CancellationToken callToken)
    {
        _ledger = ledger;
        Tier = tier;
        Scope = scope;
        Messages = messages;
        Options = options;
        EstimatedInput = estimatedInput;
        OutputAllowance = outputAllowance;
        EstimatedCost = estimatedCost;
        _reserved = first;
        _chargeTimedOut = chargeTimedOut;
        _callToken = callToken;
    }

    public ModelTier Tier { get; }

    public ModelCallScope Scope { get; }

    public IReadOnlyList<ChatMessage> Messages { get; }

    public ChatOptions Options { get; }

    public long EstimatedInput { get; }

    public long OutputAllowance { get; }

    public decimal EstimatedCost { get; }

    /// <summary>Releases the first reservation when no attempt was made (an open circuit, a cancelled call).</summary>
    public void ReleaseUnused()
    {
        if (_reserved is { } unused)
        {
            _reserved = null;
            _ledger.Release(unused);
        }
    }

    /// <summary>Makes one attempt; its reservation goes back with the response, to be settled against the reported usage.</summary>
    /// <exception cref="ModelBudgetRefusedException">A retry would overrun a budget.</exception>
    public async ValueTask<(ChatResponse Response, BudgetReservation Reservation)> RunAsync(CancellationToken attemptToken)
    {
        BudgetReservation reservation;
        if (_reserved is { } first)
        {
            // The first attempt uses the reservation made before the pipeline, which decided whether the call is made at all.
            reservation = first;
            _reserved = null;
        }
        else
        {
            BudgetCheck check = await _ledger.TryReserveAsync(Scope.Agent, Scope.Workflow, EstimatedInput + OutputAllowance, EstimatedCost, attemptToken).ConfigureAwait(false);
            reservation = check.Reservation ?? throw new ModelBudgetRefusedException(check.Exceeded!);
        }

        try
        {
            ChatResponse response = await Tier.Client.GetResponseAsync(Messages, Options, attemptToken).ConfigureAwait(false);
            return (response, reservation);
        }
        catch (OperationCanceledException) when (attemptToken.IsCancellationRequested && !_callToken.IsCancellationRequested)
        {
            // The pipeline's timeout cut the attempt off, not the caller: the provider may have done (and billed) the work.
            await _chargeTimedOut(this, reservation, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        catch
        {
            _ledger.Release(reservation);
            throw;
        }
    }
}
