using OperatorOs.Shared;

namespace OperatorOs;

/// <summary>Reads flow instances straight from storage, and records requests to resume them, without the host's flow definitions or connectors.</summary>
/// <remarks>
/// <para>For shells and tools that share a host's storage (the <c>opos</c> CLI): an instance is the fold of its journal stream
/// <c>flow/{instanceId}</c>, found through the flow index (memory entity <c>flows</c>), exactly as the runtime rebuilds it. Nothing
/// here runs a step: <see cref="RequestResumeAsync"/> only records the request, and a host's flow recovery service resumes the
/// instance at its next poll (<see cref="FlowRuntimeOptions.ApprovalPollInterval"/>) or start, one host only.</para>
/// <para>An instance whose start was interrupted (indexed, no events yet) is not listed: the host finishes its start when it loads it.
/// This class is thread-safe.</para>
/// </remarks>
public sealed class FlowStorage
{
    private readonly Journal _journal;
    private readonly MemoryStore _memory;
    private readonly TimeProvider _timeProvider;

    /// <summary>Initializes a new instance of the <see cref="FlowStorage"/> class.</summary>
    /// <param name="journal">The journal holding the instances' streams.</param>
    /// <param name="memory">The memory holding the flow index and the resume requests.</param>
    /// <param name="timeProvider">The clock for request times, or <see langword="null"/> for the system clock.</param>
    /// <exception cref="ArgumentNullException"><paramref name="journal"/> or <paramref name="memory"/> is <see langword="null"/>.</exception>
    public FlowStorage(Journal journal, MemoryStore memory, TimeProvider? timeProvider = null)
    {
        _journal = Throw.IfNull(journal);
        _memory = Throw.IfNull(memory);
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Gets an instance as its journal stream says it stands.</summary>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The instance, or <see langword="null"/> when its stream holds no events.</returns>
    /// <exception cref="ArgumentException"><paramref name="instanceId"/> is null or blank.</exception>
    /// <exception cref="FlowCheckpointException">The stream cannot be read back.</exception>
    public async Task<FlowInstance?> GetAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNullOrWhitespace(instanceId);
        return (await FlowHistory.LoadAsync(_journal, instanceId, cancellationToken).ConfigureAwait(false))?.ToInstance();
    }

    /// <summary>Lists the instances in the flow index that meet a query, newest first.</summary>
    /// <param name="query">The criteria, or <see langword="null"/> for every unfinished instance.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The matching instances, by start time, newest first (then by id).</returns>
    /// <exception cref="FlowCheckpointException">An instance's stream cannot be read back.</exception>
    public async Task<IReadOnlyList<FlowInstance>> ListAsync(FlowQuery? query = null, CancellationToken cancellationToken = default)
    {
        query ??= new FlowQuery();
        bool wantsCompleted = query.IncludeCompleted || query.Status == FlowStatus.Completed;
        var found = new List<FlowInstance>();
        foreach (MemoryRecord record in await _memory.GetEntityAsync(FlowIndex.Entity, cancellationToken).ConfigureAwait(false))
        {
            FlowIndexEntry entry = FlowIndex.Read(record);

            // The index says completed only after the final transition is journaled, so skipping those loses nothing.
            if ((entry.Completed && !wantsCompleted)
                || (query.FlowName is not null && entry.FlowName != query.FlowName)
                || (query.CorrelationKey is not null && entry.CorrelationKey != query.CorrelationKey))
            {
                continue;
            }

            if (await GetAsync(entry.InstanceId, cancellationToken).ConfigureAwait(false) is { } instance && query.Matches(instance))
            {
                found.Add(instance);
            }
        }

        found.Sort(static (a, b) => a.StartedAt != b.StartedAt ? b.StartedAt.CompareTo(a.StartedAt) : string.CompareOrdinal(a.Id, b.Id));
        return found;
    }

    /// <summary>Gets the latest resume request recorded for an instance.</summary>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The request, or <see langword="null"/> when none was recorded.</returns>
    /// <exception cref="ArgumentException"><paramref name="instanceId"/> is null or blank.</exception>
    public async Task<FlowResumeRequest?> GetResumeRequestAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNullOrWhitespace(instanceId);
        MemoryRecord? record = await _memory.GetAsync(FlowResumeRequests.Entity, instanceId, cancellationToken).ConfigureAwait(false);
        return record is null ? null : FlowResumeRequests.Read(record);
    }

    /// <summary>Records a request that a host resume an instance; a request already waiting is returned as it is.</summary>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="requestedBy">Who asks (kept as the record's provenance).</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The waiting request.</returns>
    /// <exception cref="ArgumentException"><paramref name="instanceId"/> or <paramref name="requestedBy"/> is null or blank.</exception>
    /// <exception cref="FlowInstanceNotFoundException">No instance has that id.</exception>
    /// <exception cref="FlowInstanceFinishedException">The instance is completed: there is nothing to resume.</exception>
    /// <remarks>A host's flow recovery service claims the request with a versioned write, so exactly one host resumes the
    /// instance, and marks it <see cref="FlowResumeRequestStatus.Done"/> or <see cref="FlowResumeRequestStatus.Failed"/>.</remarks>
    public async Task<FlowResumeRequest> RequestResumeAsync(string instanceId, string requestedBy, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNullOrWhitespace(instanceId);
        _ = Throw.IfNullOrWhitespace(requestedBy);
        FlowInstance? instance = await GetAsync(instanceId, cancellationToken).ConfigureAwait(false);
        if (instance is null)
        {
            // Indexed without events: the start was interrupted, and a resume finishes it.
            MemoryRecord? indexed = await _memory.GetAsync(FlowIndex.Entity, instanceId, cancellationToken).ConfigureAwait(false);
            if (indexed is null || FlowIndex.Read(indexed).Completed)
            {
                throw FlowInstanceNotFoundException.ForId(instanceId);
            }
        }
        else if (instance.IsCompleted)
        {
            throw new FlowInstanceFinishedException(instanceId, instance.State, "resume");
        }

        var provenance = new Provenance(ActorKind.Operator, requestedBy);
        while (true)
        {
            MemoryRecord? current = await _memory.GetAsync(FlowResumeRequests.Entity, instanceId, cancellationToken).ConfigureAwait(false);
            if (current is not null && FlowResumeRequests.Read(current) is { Status: FlowResumeRequestStatus.Requested } waiting)
            {
                return waiting;
            }

            var request = new FlowResumeRequest(instanceId, FlowResumeRequestStatus.Requested, requestedBy, _timeProvider.GetUtcNow());
            try
            {
                MemoryRecord written = await _memory.WriteAsync(FlowResumeRequests.Write(request, provenance, current?.Version ?? 0), cancellationToken).ConfigureAwait(false);
                return request with { Version = written.Version };
            }
            catch (MemoryConflictException)
            {
                // A host marked the previous request meanwhile, or another operator asked too: read again.
            }
        }
    }
}
