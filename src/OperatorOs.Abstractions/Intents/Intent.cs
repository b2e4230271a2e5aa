using System.Text.Json;
using OperatorOs.Shared;

namespace OperatorOs;

/// <summary>Represents something the business was asked to do: a named request with a payload, its source and how far it is trusted.</summary>
/// <remarks>Instances are immutable and safe to share across threads.</remarks>
public sealed class Intent
{
    /// <summary>Initializes a new instance of the <see cref="Intent"/> class.</summary>
    /// <param name="id">The unique id of the intent.</param>
    /// <param name="name">The intent name, for example <c>student.question</c>; see <see cref="IntentName"/> for the allowed form.</param>
    /// <param name="payload">The intent's data as JSON.</param>
    /// <param name="source">Where the intent came from, for example <c>email:inbox</c> or <c>operator:cli</c>.</param>
    /// <param name="trust">How far the source is trusted.</param>
    /// <param name="correlationId">The id that ties together everything done for this intent.</param>
    /// <param name="createdAt">When the intent was received.</param>
    /// <exception cref="ArgumentNullException">A string argument is <see langword="null"/>.</exception>
    /// <exception cref="InvalidIntentException">The name, source or trust level is malformed.</exception>
    public Intent(string id, string name, JsonElement payload, string source, TrustLevel trust, string correlationId, DateTimeOffset createdAt)
    {
        _ = Throw.IfNull(id);
        _ = Throw.IfNull(name);
        _ = Throw.IfNull(source);
        _ = Throw.IfNull(correlationId);

        if (id.Length == 0)
        {
            throw new InvalidIntentException(nameof(Id), "must not be empty");
        }

        if (!IntentName.IsValid(name))
        {
            throw new InvalidIntentException(nameof(Name), $"'{name}' is not a valid intent name ({IntentName.Rule})");
        }

        if (string.IsNullOrWhiteSpace(source))
        {
            throw new InvalidIntentException(nameof(Source), "must not be empty");
        }

        if (!Enum.IsDefined(trust))
        {
            throw new InvalidIntentException(nameof(Trust), $"{(int)trust} is not a defined trust level");
        }

        if (correlationId.Length == 0)
        {
            throw new InvalidIntentException(nameof(CorrelationId), "must not be empty");
        }

        Id = id;
        Name = name;
        Payload = payload.ValueKind == JsonValueKind.Undefined ? default : payload.Clone();
        Source = source;
        Trust = trust;
        CorrelationId = correlationId;
        CreatedAt = createdAt;
    }

    /// <summary>Gets the unique id of the intent.</summary>
    public string Id { get; }

    /// <summary>Gets the intent name used for routing.</summary>
    public string Name { get; }

    /// <summary>Gets the intent's data; <see cref="JsonValueKind.Undefined"/> when the intent carries none.</summary>
    public JsonElement Payload { get; }

    /// <summary>Gets where the intent came from.</summary>
    public string Source { get; }

    /// <summary>Gets how far the source is trusted.</summary>
    public TrustLevel Trust { get; }

    /// <summary>Gets the id that ties together everything done for this intent.</summary>
    public string CorrelationId { get; }

    /// <summary>Gets when the intent was received.</summary>
    public DateTimeOffset CreatedAt { get; }

    /// <summary>Creates an intent with a new id, using the id as correlation id when none is given.</summary>
    /// <param name="name">The intent name.</param>
    /// <param name="payload">The intent's data as JSON.</param>
    /// <param name="source">Where the intent came from.</param>
    /// <param name="trust">How far the source is trusted.</param>
    /// <param name="timeProvider">The clock that stamps the intent.</param>
    /// <param name="correlationId">An existing correlation id to join, or <see langword="null"/> to start a new one.</param>
    /// <returns>The new intent.</returns>
    /// <exception cref="ArgumentNullException">A reference argument is <see langword="null"/>.</exception>
    /// <exception cref="InvalidIntentException">The name, source or trust level is malformed.</exception>
    public static Intent Create(string name, JsonElement payload, string source, TrustLevel trust, TimeProvider timeProvider, string? correlationId = null)
    {
        _ = Throw.IfNull(timeProvider);
        string id = Guid.CreateVersion7(timeProvider.GetUtcNow()).ToString("n");
        return new Intent(id, name, payload, source, trust, correlationId ?? id, timeProvider.GetUtcNow());
    }
}
