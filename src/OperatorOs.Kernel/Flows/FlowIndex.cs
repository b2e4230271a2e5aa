using System.Text.Json;

namespace OperatorOs;

/// <summary>The index of flow instances in memory: one Fact per instance (entity <c>flows</c>, attribute = instance id), written at start and at completion.</summary>
/// <remarks>
/// <para>Why memory and not a journal scan: listing and recovery then read one entity through the store's primary key, in time
/// proportional to the number of instances, never to the length of the journal. Why a Fact: facts are kept forever by default,
/// so retention never drops an instance that waits for months (Context records are pruned after 90 days).</para>
/// <para>Why only at start and completion: every transition is already durable in the journal (group-committed); the index
/// only has to say which instances exist and which are unfinished, so it costs two writes per instance, not one per
/// transition. The start writes with <c>ExpectedVersion = 0</c>, which makes "create unless it exists" atomic across processes;
/// completion writes with the version read, so a stale writer cannot reopen a finished instance.</para>
/// </remarks>
internal sealed class FlowIndex
{
    public const string Entity = "flows";

    private readonly MemoryStore _memory;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, FlowIndexEntry> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Flow, string Key), string> _activeByKey = [];
    private readonly SemaphoreSlim _loadGate = new(1, 1);
    private volatile bool _loaded;

    public FlowIndex(MemoryStore memory)
    {
        _memory = memory;
    }

    public async ValueTask EnsureLoadedAsync(CancellationToken cancellationToken)
    {
        if (_loaded)
        {
            return;
        }

        await _loadGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_loaded)
            {
                return;
            }

            IReadOnlyList<MemoryRecord> records = await _memory.GetEntityAsync(Entity, cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                foreach (MemoryRecord record in records)
                {
                    FlowIndexEntry entry = Read(record);
                    _entries[entry.InstanceId] = entry;
                    if (!entry.Completed && entry.CorrelationKey is { } key)
                    {
                        _activeByKey[(entry.FlowName, key)] = entry.InstanceId;
                    }
                }
            }

            _loaded = true;
        }
        finally
        {
            _loadGate.Release();
        }
    }

    public IReadOnlyList<FlowIndexEntry> Entries()
    {
        lock (_gate)
        {
            return _entries.Values.ToList();
        }
    }

    public bool TryGet(string instanceId, out FlowIndexEntry entry)
    {
        lock (_gate)
        {
            return _entries.TryGetValue(instanceId, out entry!);
        }
    }

    public string? FindActive(string flowName, string correlationKey)
    {
        lock (_gate)
        {
            return _activeByKey.TryGetValue((flowName, correlationKey), out string? id) ? id : null;
        }
    }

    /// <summary>Claims a correlation key for a starting instance; returns the instance that holds it otherwise.</summary>
    public string? TryReserve(string flowName, string correlationKey, string instanceId)
    {
        lock (_gate)
        {
            return _activeByKey.TryAdd((flowName, correlationKey), instanceId) ? null : _activeByKey[(flowName, correlationKey)];
        }
    }

    public void Release(string flowName, string correlationKey, string instanceId)
    {
        lock (_gate)
        {
            if (_activeByKey.TryGetValue((flowName, correlationKey), out string? holder) && holder == instanceId)
            {
                _activeByKey.Remove((flowName, correlationKey));
            }
        }
    }

    /// <summary>Records a new instance; throws <see cref="FlowInstanceExistsException"/> when the id is taken.</summary>
    public async Task AddAsync(FlowIndexEntry entry, CancellationToken cancellationToken)
    {
        MemoryRecord record;
        try
        {
            record = await _memory.WriteAsync(Write(entry, completed: false, expectedVersion: 0), cancellationToken).ConfigureAwait(false);
        }
        catch (MemoryConflictException ex)
        {
            throw new FlowInstanceExistsException(entry.InstanceId, $"A flow instance with the id '{entry.InstanceId}' exists. ({ex.Message})");
        }

        lock (_gate)
        {
            entry.MemoryVersion = record.Version;
            _entries[entry.InstanceId] = entry;
        }
    }

    /// <summary>Marks an instance completed and frees its correlation key; a concurrent completion is not an error.</summary>
    public async Task CompleteAsync(string instanceId, CancellationToken cancellationToken)
    {
        FlowIndexEntry? entry;
        lock (_gate)
        {
            _entries.TryGetValue(instanceId, out entry);
        }

        if (entry is null || entry.Completed)
        {
            return;
        }

        int version = entry.MemoryVersion;
        try
        {
            version = (await _memory.WriteAsync(Write(entry, completed: true, expectedVersion: entry.MemoryVersion), cancellationToken).ConfigureAwait(false)).Version;
        }
        catch (MemoryConflictException)
        {
            // Another process completed it first.
        }

        lock (_gate)
        {
            entry.Completed = true;
            entry.MemoryVersion = version;
        }

        if (entry.CorrelationKey is { } key)
        {
            Release(entry.FlowName, key, instanceId);
        }
    }

    private static MemoryWrite Write(FlowIndexEntry entry, bool completed, int expectedVersion)
    {
        JsonElement value = JsonPayload.Object((entry, completed), static (w, s) =>
        {
            w.WriteNumber("schema", FlowEventTypes.SchemaVersion);
            w.WriteString("instance", s.entry.InstanceId);
            w.WriteString("flow", s.entry.FlowName);
            w.WriteNumber("version", s.entry.FlowVersion);
            if (s.entry.CorrelationKey is { } key)
            {
                w.WriteString("correlationKey", key);
            }

            if (s.entry.CorrelationId is { } correlation)
            {
                w.WriteString("correlationId", correlation);
            }

            w.WriteString("status", s.completed ? "completed" : "active");
            w.WriteString("trust", s.entry.Trust == TrustLevel.Internal ? nameof(TrustLevel.Internal) : s.entry.Trust.ToString());
            w.WriteString("startedAt", s.entry.StartedAt);
            w.WriteElement("input", s.entry.Input);
        });
        return new MemoryWrite(Entity, entry.InstanceId, MemoryKind.Fact, value, entry.Provenance) { ExpectedVersion = expectedVersion };
    }

    internal static FlowIndexEntry Read(MemoryRecord record)
    {
        JsonElement v = record.Value;
        return new FlowIndexEntry(
            v.GetProperty("instance").GetString()!,
            v.GetProperty("flow").GetString()!,
            v.GetProperty("version").GetInt32(),
            v.TryGetProperty("correlationKey", out JsonElement key) ? key.GetString() : null,
            v.TryGetProperty("correlationId", out JsonElement correlation) ? correlation.GetString() : null,
            v.GetProperty("status").GetString() == "completed",
            v.GetProperty("input").Clone(),
            Enum.Parse<TrustLevel>(v.GetProperty("trust").GetString()!),
            v.GetProperty("startedAt").GetDateTimeOffset(),
            record.Version);
    }
}
