namespace OperatorOs;

/// <summary>Explains actions afterwards: the decision record of a proposal, by its id or by the item it concerns.</summary>
public interface IDecisionRecords
{
    /// <summary>Gets the decision record of a proposal, with its approval and outcome as they stand now.</summary>
    /// <param name="proposalId">The proposal id.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The record, or <see langword="null"/> when no proposal with that id was decided.</returns>
    Task<DecisionRecord?> GetAsync(string proposalId, CancellationToken cancellationToken = default);

    /// <summary>Lists the decision records of every proposal made for an item (a correlation id: the email, request or flow instance), in the order they were made.</summary>
    /// <param name="correlationId">The item's correlation id.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The records.</returns>
    Task<IReadOnlyList<DecisionRecord>> ListForItemAsync(string correlationId, CancellationToken cancellationToken = default);
}
