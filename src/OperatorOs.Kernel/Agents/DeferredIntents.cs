using System.Text.Json;
using OperatorOs.Shared;

namespace OperatorOs;

/// <summary>Keeps an intent the kernel could not handle now (no model, failing models, a spent budget) where the operator finds it, so nothing is dropped.</summary>
/// <remarks>One memory Fact per intent (entity <c>intent/{id}</c>, attribute <c>deferred</c>) is the queue: a Fact, so retention never
/// drops work that waits (earlier builds wrote Context, still read). Nothing runs a deferred intent again; the operator resolves it,
/// which writes a new version naming who did.</remarks>
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
            IntentJson.WriteFields(w, intent, "intentId");
            w.WriteString("agent", agent);
            w.WriteString("reason", reason);
            w.WriteEndObject();
        });
        var provenance = new Provenance(ActorKind.Agent, agent) { InputReferences = [$"intent/{intent.Id}"] };
        _ = await _memory.WriteAsync(new MemoryWrite(EntityOf(intent.Id), Attribute, MemoryKind.Fact, value, provenance), cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<DeferredIntent>> ListAsync(CancellationToken cancellationToken = default)
    {
        // Facts, and the Context records of earlier builds: the store selects the current records with the attribute, so no other
        // record is read into memory.
        var waiting = new List<(MemoryRecord Record, DeferredIntent Intent)>();
        foreach (MemoryRecord record in await _memory.QueryAsync(new MemoryQuery { Attribute = Attribute }, cancellationToken).ConfigureAwait(false))
        {
            if (IsDeferral(record) && !IsResolved(record))
            {
                waiting.Add((record, Read(record)));
            }
        }

        // Oldest deferral first.
        waiting.Sort(static (a, b) => a.Record.RecordedAt.CompareTo(b.Record.RecordedAt));
        return [.. waiting.Select(w => w.Intent)];
    }

    public async Task<DeferredIntent?> ResolveAsync(string intentId, string resolvedBy, string? note = null, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNullOrWhitespace(intentId);
        _ = Throw.IfNullOrWhitespace(resolvedBy);
        MemoryRecord? current = await _memory.GetAsync(EntityOf(intentId), Attribute, cancellationToken).ConfigureAwait(false);
        if (current is null || !IsDeferral(current) || IsResolved(current))
        {
            return null;
        }

        DeferredIntent deferred = Read(current);
        JsonElement value = JsonOutput.Build(w =>
        {
            w.WriteStartObject();
            foreach (JsonProperty property in current.Value.EnumerateObject())
            {
                property.WriteTo(w);
            }

            w.WriteString("resolvedBy", resolvedBy);
            if (note is not null)
            {
                w.WriteString("note", note);
            }

            w.WriteEndObject();
        });
        var provenance = new Provenance(ActorKind.Operator, resolvedBy) { InputReferences = [$"intent/{intentId}"] };
        try
        {
            // Versioned: of two operators resolving at once, one resolves it.
            _ = await _memory.WriteAsync(new MemoryWrite(current.Entity, Attribute, MemoryKind.Fact, value, provenance) { ExpectedVersion = current.Version }, cancellationToken).ConfigureAwait(false);
        }
        catch (MemoryConflictException)
        {
            return null;
        }

        await _journal.IntentResolvedAsync(deferred, resolvedBy, note, cancellationToken).ConfigureAwait(false);
        return deferred;
    }

    private static bool IsDeferral(MemoryRecord record) =>
        string.Equals(record.Attribute, Attribute, StringComparison.Ordinal) && record.Entity.StartsWith("intent/", StringComparison.Ordinal);

    private static bool IsResolved(MemoryRecord record) =>
        record.Value.ValueKind == JsonValueKind.Object && record.Value.TryGetProperty("resolvedBy", out _);

    private static DeferredIntent Read(MemoryRecord record)
    {
        JsonElement value = record.Value;
        try
        {
            Intent intent = IntentJson.Read(value, "intentId");
            return new DeferredIntent(intent, value.GetProperty("agent").GetString()!, value.GetProperty("reason").GetString()!, record.RecordedAt);
        }
        catch (Exception exception) when (exception is KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException or InvalidIntentException)
        {
            throw new InvalidDataException($"Memory record '{record.Entity}' '{record.Attribute}' (version {record.Version}) is not a deferred intent: {exception.Message}", exception);
        }
    }
}
