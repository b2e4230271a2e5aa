using OperatorOs.Shared;

namespace OperatorOs;

/// <summary>Keeps an intent the kernel could not handle now (no model, failing models, a spent budget) where the operator finds it, so nothing is dropped.</summary>
internal sealed class DeferredIntents
{
    public const string Attribute = "deferred";

    private readonly MemoryStore _memory;
    private readonly KernelJournal _journal;

    public DeferredIntents(MemoryStore memory, KernelJournal journal)
    {
        _memory = memory;
        _journal = journal;
    }

    public static string EntityOf(string intentId) => $"intent/{intentId}";

    public async Task DeferAsync(Intent intent, string agent, string reason, CancellationToken cancellationToken)
    {
        await _journal.IntentDeferredAsync(intent, agent, reason, cancellationToken).ConfigureAwait(false);
        var value = JsonOutput.Build(w =>
        {
            w.WriteStartObject();
            w.WriteString("intentId", intent.Id);
            w.WriteString("name", intent.Name);
            w.WriteString("source", intent.Source);
            w.WriteString("trust", intent.Trust.ToString());
            w.WriteString("correlationId", intent.CorrelationId);
            w.WriteString("createdAt", intent.CreatedAt);
            w.WritePropertyName("payload");
            intent.Payload.WriteTo(w);
            w.WriteString("agent", agent);
            w.WriteString("reason", reason);
            w.WriteEndObject();
        });
        var provenance = new Provenance(ActorKind.Agent, agent) { InputReferences = [$"intent/{intent.Id}"] };
        _ = await _memory.WriteAsync(new MemoryWrite(EntityOf(intent.Id), Attribute, MemoryKind.Context, value, provenance), cancellationToken).ConfigureAwait(false);
    }
}
