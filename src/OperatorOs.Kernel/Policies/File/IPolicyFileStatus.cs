namespace OperatorOs;

/// <summary>Reports the operator's policy file: the policy in force, when it was loaded, and the last error; and reloads it on demand.</summary>
/// <remarks>Thread-safe. Registered by <c>AddOperatorOs</c> whether or not a policy file is configured.</remarks>
public interface IPolicyFileStatus
{
    /// <summary>Gets the full path of the policy file, or <see langword="null"/> when none is configured.</summary>
    string? FilePath { get; }

    /// <summary>Gets the policy in force, or <see langword="null"/> when no valid file has been loaded.</summary>
    PolicyDocument? Current { get; }

    /// <summary>Gets when <see cref="Current"/> was loaded, or <see langword="null"/>.</summary>
    DateTimeOffset? LoadedAt { get; }

    /// <summary>Gets the error of the last load attempt, or <see langword="null"/> when it succeeded; while set, <see cref="Current"/> is the last good policy.</summary>
    PolicyFileException? LastError { get; }

    /// <summary>Reads the policy file again now; a valid file takes effect for the next proposal, an invalid one leaves the last good policy in force.</summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns><see langword="true"/> when the file was valid and is now in force; otherwise <see langword="false"/>, with the problem in <see cref="LastError"/>.</returns>
    /// <exception cref="InvalidOperationException">No policy file is configured.</exception>
    Task<bool> ReloadAsync(CancellationToken cancellationToken = default);
}
