using System.Diagnostics.CodeAnalysis;

namespace OperatorOs;

/// <summary>The cached standing of one (agent, capability) pair; the compiled decision table holds a reference to it, so a decision finds it without a lookup.</summary>
/// <remarks>Thread-safe: the snapshot is replaced as a whole, and only by one at least as new (see <see cref="TryStore"/>).</remarks>
internal sealed class TrustSlot
{
    private readonly TrustStandingCache _cache;
    private TrustSnapshot? _snapshot;

    public TrustSlot(TrustStandingCache cache, string agent, string capability)
    {
        _cache = cache;
        Agent = agent;
        Capability = capability;
    }

    public string Agent { get; }

    public string Capability { get; }

    public TrustSnapshot? Snapshot => Volatile.Read(ref _snapshot);

    /// <summary>Returns the snapshot when it was read in the current epoch, that is, less than the refresh interval ago.</summary>
    public bool TryGetFresh([MaybeNullWhen(false)] out TrustSnapshot snapshot)
    {
        snapshot = Volatile.Read(ref _snapshot);
        return snapshot is not null && snapshot.Epoch == _cache.Epoch;
    }

    /// <summary>Stores a snapshot unless one stored since <paramref name="seen"/> was taken is newer.</summary>
    /// <param name="fresh">What memory holds now (read or just written).</param>
    /// <param name="seen">The snapshot this slot held when the read began; <see langword="null"/> for a write, which replaces any older version.</param>
    /// <remarks>
    /// A read that raced a write of this process must not put the older version back: a store replaces what it saw, or what is
    /// not newer than itself. A version lower than the one seen (a record deleted and written again) still replaces it, as long
    /// as nobody stored in between.
    /// </remarks>
    public TrustSnapshot TryStore(TrustSnapshot fresh, TrustSnapshot? seen)
    {
        while (true)
        {
            TrustSnapshot? current = Volatile.Read(ref _snapshot);
            bool replace = current is null
                || (seen is not null && ReferenceEquals(current, seen))
                || fresh.Version > current.Version
                || (fresh.Version == current.Version && fresh.Epoch >= current.Epoch);
            if (!replace)
            {
                return current!;
            }

            if (ReferenceEquals(Interlocked.CompareExchange(ref _snapshot, fresh, current), current))
            {
                return fresh;
            }
        }
    }
}
