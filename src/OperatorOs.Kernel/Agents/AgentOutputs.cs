using OperatorOs.Shared;

namespace OperatorOs;

/// <summary>Records what an agent answered for an intent as memory Context (<c>intent/{id}</c>, attribute <c>response</c>) with provenance: the agent, its model, what it read.</summary>
/// <remarks>
/// What it read is the intent and every memory version the run's context was assembled from, as its proposals name them; a run
/// resumed after the operator's decision records its reply the same way, as a newer version, with what the original run read.
/// </remarks>
internal sealed class AgentOutputs
{
    public const string Attribute = "response";

    private readonly MemoryStore _memory;

    public AgentOutputs(MemoryStore memory)
    {
        _memory = memory;
    }

    public async Task RecordAsync(Intent intent, string agent, AgentRun run, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(run.Response))
        {
            return;
        }

        var value = JsonOutput.Build(w =>
        {
            w.WriteStartObject();
            w.WriteString("agent", agent);
            w.WriteString("modelId", run.ModelId);
            w.WriteString("text", run.Response);
            w.WriteNumber("proposals", run.Proposals.Count);
            w.WriteBoolean("degraded", run.Degraded);
            w.WriteEndObject();
        });
        var provenance = new Provenance(ActorKind.Agent, agent) { ModelId = run.ModelId, InputReferences = run.Inputs ?? [$"intent/{intent.Id}"] };
        _ = await _memory.WriteAsync(new MemoryWrite(DeferredIntents.EntityOf(intent.Id), Attribute, MemoryKind.Context, value, provenance), cancellationToken).ConfigureAwait(false);
    }
}
