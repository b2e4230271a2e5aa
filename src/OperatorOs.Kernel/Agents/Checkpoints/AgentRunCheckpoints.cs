using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using OperatorOs.Shared;

namespace OperatorOs;

/// <summary>Keeps agent runs that wait on approvals in memory: the checkpoint under <c>agent-run/{intentId}</c>, and an index entry under <c>agent-runs</c> that says where the run stands.</summary>
/// <remarks>
/// <para>
/// The index entry is <c>waiting</c> (resumable once its approvals are decided), <c>running</c> with a lease (a live run owns it),
/// or <c>done</c>. A run takes and renews its lease with versioned writes, so two hosts never continue the same run; a lease that
/// runs out (the host died) makes the run resumable again from its last checkpoint, so a crash never strands it.
/// </para>
/// <para>
/// The lease covers one round of the run (a model call with its retries, then governing its tool calls) with a generous margin,
/// and is renewed after each round: 5 minutes plus the longest a model call may take with its retries and waits.
/// </para>
/// </remarks>
internal sealed class AgentRunCheckpoints : IApprovalDecisionListener
{
    public const string IndexEntity = "agent-runs";
    public const string CheckpointAttribute = "checkpoint";

    private const string Waiting = "waiting";
    private const string Running = "running";
    private const string Done = "done";

    private readonly MemoryStore _memory;
    private readonly TimeProvider _timeProvider;
    private readonly IOptionsMonitor<OperatorOsOptions> _options;

    // Runs to look at again: those that just began to wait (an approval decided while the run still held its lease found nothing
    // to resume) and those whose approval was just settled (an approved action's outcome is stored after the decision is announced,
    // so a look at the announcement may find nothing it may resume yet). Bounded: without a running service the oldest go, and the
    // scan at the next start finds them.
    private readonly Channel<string> _released = Channel.CreateBounded<string>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest });

    public AgentRunCheckpoints(MemoryStore memory, TimeProvider timeProvider, IOptionsMonitor<OperatorOsOptions> options)
    {
        _memory = memory;
        _timeProvider = timeProvider;
        _options = options;
    }

    public static string EntityOf(string intentId) => $"agent-run/{intentId}";

    /// <summary>Gets the intent ids of runs that began to wait on the operator, or whose approval was settled, as they do.</summary>
    public ChannelReader<string> Released => _released.Reader;

    /// <summary>Told once an approval is settled (an approved action executed and its outcome stored, or rejected, or expired): the run that
    /// waits for it is looked at again.</summary>
    public Task OnDecidedAsync(ApprovalRequest request, CancellationToken cancellationToken)
    {
        if (request.Status != ApprovalStatus.Pending && request.Proposal.IntentId is { } intentId)
        {
            _ = _released.Writer.TryWrite(intentId);
        }

        return Task.CompletedTask;
    }

    /// <summary>Gets how long a lease lasts before another host may take the run over.</summary>
    public TimeSpan LeaseDuration
    {
        get
        {
            OperatorOsOptions options = _options.CurrentValue;
            ModelOptions models = options.Models;
            return options.AgentRunLeaseMargin + (models.CallTimeout * (models.MaxRetries + 1)) + (models.MaxRetryAfter * models.MaxRetries);
        }
    }

    /// <summary>
    /// Keeps a running run's checkpoint and takes or renews its lease; returns the claim to renew it with, or <see langword="null"/>
    /// when another host took the run over (its lease ran out), in which case this one must stop.
    /// </summary>
    public async Task<AgentRunClaim?> HoldAsync(AgentRunCheckpoint checkpoint, AgentRunClaim? claim, CancellationToken cancellationToken)
    {
        // The index is written first: it fences a run that lost its lease off the checkpoint its successor now keeps.
        AgentRunClaim? held = await WriteIndexAsync(checkpoint.Intent.Id, checkpoint.Agent, claim, Running, cancellationToken).ConfigureAwait(false);
        if (held is not null)
        {
            await WriteCheckpointAsync(checkpoint, cancellationToken).ConfigureAwait(false);
        }

        return held;
    }

    /// <summary>Ends a run's lease: it waits on the operator with <paramref name="waiting"/> as its checkpoint, or, when that is <see langword="null"/>, it is done.</summary>
    public async Task ReleaseAsync(string intentId, string agent, AgentRunClaim? claim, AgentRunCheckpoint? waiting, CancellationToken cancellationToken)
    {
        if (waiting is not null)
        {
            // The last checkpoint is kept under the lease (so a run that lost it cannot overwrite its successor's), then the run waits.
            claim = await HoldAsync(waiting, claim, cancellationToken).ConfigureAwait(false);
            if (claim is not null && await WriteIndexAsync(intentId, agent, claim, Waiting, cancellationToken).ConfigureAwait(false) is not null)
            {
                _ = _released.Writer.TryWrite(intentId);
            }
        }
        else if (claim is not null)
        {
            _ = await WriteIndexAsync(intentId, agent, claim, Done, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<string>> ListWaitingAsync(CancellationToken cancellationToken)
    {
        DateTimeOffset now = _timeProvider.GetUtcNow();
        var waiting = new List<string>();
        foreach (MemoryRecord record in await _memory.GetEntityAsync(IndexEntity, cancellationToken).ConfigureAwait(false))
        {
            if (IsResumable(record, now))
            {
                waiting.Add(record.Attribute);
            }
        }

        return waiting;
    }

    /// <summary>Reads a resumable run's checkpoint and the version of its index entry, or <see langword="null"/> when it does not wait or a live run holds it.</summary>
    public async Task<(AgentRunCheckpoint Checkpoint, int IndexVersion)?> PeekAsync(string intentId, CancellationToken cancellationToken)
    {
        MemoryRecord? index = await _memory.GetAsync(IndexEntity, intentId, cancellationToken).ConfigureAwait(false);
        if (index is null || !IsResumable(index, _timeProvider.GetUtcNow()))
        {
            return null;
        }

        MemoryRecord? record = await _memory.GetAsync(EntityOf(intentId), CheckpointAttribute, cancellationToken).ConfigureAwait(false);
        return record is null
            ? null
            : (AgentRunCheckpointCodec.Read(record.Value, $"memory {EntityOf(intentId)}/{CheckpointAttribute} v{record.Version}"), index.Version);
    }

    /// <summary>Claims a resumable run with a lease; <see langword="null"/> when someone else claimed it first.</summary>
    public Task<AgentRunClaim?> TryClaimAsync(string intentId, int indexVersion, string claimant, CancellationToken cancellationToken) =>
        WriteIndexAsync(intentId, claimant, new AgentRunClaim(indexVersion), Running, cancellationToken);

    private static bool IsResumable(MemoryRecord record, DateTimeOffset now)
    {
        if (record.Value.ValueKind != JsonValueKind.Object || !record.Value.TryGetProperty("state", out JsonElement state))
        {
            return false;
        }

        return state.GetString() switch
        {
            Waiting => true,

            // A run whose lease ran out is one whose host died: it continues from its last checkpoint.
            Running => record.Value.TryGetProperty("leaseUntil", out JsonElement until) && until.TryGetDateTimeOffset(out DateTimeOffset expiry) && expiry <= now,
            _ => false,
        };
    }

    private async Task WriteCheckpointAsync(AgentRunCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        var provenance = new Provenance(ActorKind.Agent, checkpoint.Agent) { InputReferences = [$"intent/{checkpoint.Intent.Id}"] };
        _ = await _memory.WriteAsync(
            new MemoryWrite(EntityOf(checkpoint.Intent.Id), CheckpointAttribute, MemoryKind.Context, AgentRunCheckpointCodec.Write(checkpoint), provenance),
            cancellationToken).ConfigureAwait(false);
    }

    // With a claim, a versioned write from the version it holds (it fails when another host took the run over); without one, a first
    // entry for the run, written over whatever version is there.
    private async Task<AgentRunClaim?> WriteIndexAsync(string intentId, string agent, AgentRunClaim? claim, string state, CancellationToken cancellationToken)
    {
        int expected = claim?.IndexVersion ?? (await _memory.GetAsync(IndexEntity, intentId, cancellationToken).ConfigureAwait(false))?.Version ?? 0;
        DateTimeOffset? leaseUntil = state == Running ? _timeProvider.GetUtcNow() + LeaseDuration : null;
        JsonElement value = JsonOutput.Build(w =>
        {
            w.WriteStartObject();
            w.WriteString("state", state);
            if (leaseUntil is { } until)
            {
                w.WriteString("leaseUntil", until.UtcDateTime);
            }

            w.WriteEndObject();
        });
        try
        {
            MemoryRecord written = await _memory.WriteAsync(
                new MemoryWrite(IndexEntity, intentId, MemoryKind.Context, value, new Provenance(ActorKind.Agent, agent)) { ExpectedVersion = expected },
                cancellationToken).ConfigureAwait(false);
            return new AgentRunClaim(written.Version);
        }
        catch (MemoryConflictException)
        {
            return null;
        }
    }
}
