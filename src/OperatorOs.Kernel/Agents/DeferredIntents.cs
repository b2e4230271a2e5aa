using System.Text.Json;
using OperatorOs.Shared;

namespace OperatorOs;

/// <summary>Keeps an intent the kernel could not handle now (no model, failing models, a spent budget) where the operator finds it, so nothing is dropped.</summary>
/// <remarks>One memory record per intent (entity <c>intent/{id}</c>, attribute <c>deferred</c>) is the queue; nothing takes an intent off it or runs it again.</remarks>
internal sealed class DeferredIntents : IDeferredIntents
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
            if (intent.Payload.ValueKind == JsonValueKind.Undefined)
            {
                // An intent without data is kept as such: null here, no payload when read back.
                w.WriteNullValue();
            }
            else
            {
                intent.Payload.WriteTo(w);
            }

            w.WriteString("agent", agent);
            w.WriteString("reason", reason);
            w.WriteEndObject();
        });
        var provenance = new Provenance(ActorKind.Agent, agent) { InputReferences = [$"intent/{intent.Id}"] };
        _ = await _memory.WriteAsync(new MemoryWrite(EntityOf(intent.Id), Attribute, MemoryKind.Context, value, provenance), cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<DeferredIntent>> ListAsync(CancellationToken cancellationToken = default)
    {
        // Deferrals are context records; the query is ordered by recorded time, so the list is oldest first.
        IReadOnlyList<MemoryRecord> records = await _memory.QueryAsync(new MemoryQuery { Kind = MemoryKind.Context }, cancellationToken).ConfigureAwait(false);
        var deferred = new List<DeferredIntent>();
        foreach (MemoryRecord record in records)
        {
            if (string.Equals(record.Attribute, Attribute, StringComparison.Ordinal) && record.Entity.StartsWith("intent/", StringComparison.Ordinal))
            {
                deferred.Add(Read(record));
            }
        }

        return deferred;
    }

    private static DeferredIntent Read(MemoryRecord record)
    {
        JsonElement value = record.Value;
        try
        {
            var intent = new Intent(
                value.GetProperty("intentId").GetString()!,
                value.GetProperty("name").GetString()!,
                value.GetProperty("payload") is { ValueKind: not JsonValueKind.Null } payload ? payload : default,
                value.GetProperty("source").GetString()!,
                Enum.Parse<TrustLevel>(value.GetProperty("trust").GetString()!),
                value.GetProperty("correlationId").GetString()!,
                value.GetProperty("createdAt").GetDateTimeOffset());
            return new DeferredIntent(intent, value.GetProperty("agent").GetString()!, value.GetProperty("reason").GetString()!, record.RecordedAt);
        }
        catch (Exception exception) when (exception is KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException or InvalidIntentException)
        {
            throw new InvalidDataException($"Memory record '{record.Entity}' '{record.Attribute}' (version {record.Version}) is not a deferred intent: {exception.Message}", exception);
        }
    }
}
