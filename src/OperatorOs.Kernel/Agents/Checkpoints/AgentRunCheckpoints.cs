using System.Text.Json;
using OperatorOs.Shared;

namespace OperatorOs;

/// <summary>Keeps agent runs that wait on approvals in memory: the checkpoint under <c>agent-run/{intentId}</c>, and an index entry under <c>agent-runs</c> that says whether it still waits.</summary>
/// <remarks>Claiming a run for resumption is a versioned write to its index entry, so two resumers never continue the same run twice.</remarks>
internal sealed class AgentRunCheckpoints
{
    public const string IndexEntity = "agent-runs";
    public const string CheckpointAttribute = "checkpoint";

    private readonly MemoryStore _memory;

    public AgentRunCheckpoints(MemoryStore memory)
    {
        _memory = memory;
    }

    public static string EntityOf(string intentId) => $"agent-run/{intentId}";

    public async Task SaveAsync(AgentRunCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        var provenance = new Provenance(ActorKind.Agent, checkpoint.Agent) { InputReferences = [$"intent/{checkpoint.Intent.Id}"] };
        _ = await _memory.WriteAsync(
            new MemoryWrite(EntityOf(checkpoint.Intent.Id), CheckpointAttribute, MemoryKind.Context, AgentRunCheckpointCodec.Write(checkpoint), provenance),
            cancellationToken).ConfigureAwait(false);
        MemoryRecord? index = await _memory.GetAsync(IndexEntity, checkpoint.Intent.Id, cancellationToken).ConfigureAwait(false);
        _ = await _memory.WriteAsync(
            new MemoryWrite(IndexEntity, checkpoint.Intent.Id, MemoryKind.Context, State("waiting"), provenance) { ExpectedVersion = index?.Version ?? 0 },
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<string>> ListWaitingAsync(CancellationToken cancellationToken)
    {
        var waiting = new List<string>();
        foreach (MemoryRecord record in await _memory.GetEntityAsync(IndexEntity, cancellationToken).ConfigureAwait(false))
        {
            if (IsWaiting(record))
            {
                waiting.Add(record.Attribute);
            }
        }

        return waiting;
    }

    /// <summary>Reads a waiting run's checkpoint and the version of its index entry, or <see langword="null"/> when it does not wait.</summary>
    public async Task<(AgentRunCheckpoint Checkpoint, int IndexVersion)?> PeekAsync(string intentId, CancellationToken cancellationToken)
    {
        MemoryRecord? index = await _memory.GetAsync(IndexEntity, intentId, cancellationToken).ConfigureAwait(false);
        if (index is null || !IsWaiting(index))
        {
            return null;
        }

        MemoryRecord? record = await _memory.GetAsync(EntityOf(intentId), CheckpointAttribute, cancellationToken).ConfigureAwait(false);
        return record is null
            ? null
            : (AgentRunCheckpointCodec.Read(record.Value, $"memory {EntityOf(intentId)}/{CheckpointAttribute} v{record.Version}"), index.Version);
    }

    /// <summary>Claims a waiting run for resumption; <see langword="false"/> when someone else claimed it first.</summary>
    public async Task<bool> TryClaimAsync(string intentId, int indexVersion, string claimant, CancellationToken cancellationToken)
    {
        try
        {
            _ = await _memory.WriteAsync(
                new MemoryWrite(IndexEntity, intentId, MemoryKind.Context, State("resumed"), new Provenance(ActorKind.Agent, claimant)) { ExpectedVersion = indexVersion },
                cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (MemoryConflictException)
        {
            return false;
        }
    }

    private static bool IsWaiting(MemoryRecord record) =>
        record.Value.ValueKind == JsonValueKind.Object && record.Value.TryGetProperty("state", out JsonElement state) && state.GetString() == "waiting";

    private static JsonElement State(string state) => JsonOutput.Build(w =>
    {
        w.WriteStartObject();
        w.WriteString("state", state);
        w.WriteEndObject();
    });
}
