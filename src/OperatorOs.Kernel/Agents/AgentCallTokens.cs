using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;

namespace OperatorOs;

/// <summary>
/// Derives the operation token of an agent's tool call from what the call does and where in the run it was made: the intent,
/// the agent, the round, the capability, the arguments (keys in ordinal order, so the order the model wrote them in does not
/// matter) and which of the round's identical calls it is.
/// </summary>
/// <remarks>
/// A proposal's own id is new each time, so a token derived from it would be new too. A round cut off by a crash (its calls
/// made, its checkpoint not yet written) is asked of the model again when the run resumes; the calls it makes again present
/// the tokens they had, the executor finds them done at the connector, and nothing happens twice. The same holds for an
/// intent submitted again after a crash and planned the same way (model or deterministic strategy).
/// </remarks>
internal sealed class AgentCallTokens
{
    private readonly Dictionary<string, int> _seen = new(StringComparer.Ordinal);
    private readonly string _intentId;
    private readonly string _agent;
    private readonly string _round;

    private AgentCallTokens(string intentId, string agent, string round)
    {
        _intentId = intentId;
        _agent = agent;
        _round = round;
    }

    /// <summary>Starts the tokens of a model's round (rounds count from 0 over the whole run, a resumed one included).</summary>
    public static AgentCallTokens ForRound(Intent intent, string agent, int round) => new(intent.Id, agent, $"round:{round}");

    /// <summary>Starts the tokens of a deterministic strategy's plan.</summary>
    public static AgentCallTokens ForStrategy(Intent intent, string agent) => new(intent.Id, agent, "strategy");

    /// <summary>Returns the next call's token: two identical calls in one round are two operations and get two tokens.</summary>
    public OperationToken Next(string capability, JsonElement arguments)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            // One JSON array frames the parts, so no two different calls write the same bytes.
            writer.WriteStartArray();
            writer.WriteStringValue(_intentId);
            writer.WriteStringValue(_agent);
            writer.WriteStringValue(_round);
            writer.WriteStringValue(capability);
            WriteCanonical(writer, arguments);
            writer.WriteEndArray();
        }

        string call = Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan)[..16]);
        int occurrence = _seen.TryGetValue(call, out int before) ? before + 1 : 0;
        _seen[call] = occurrence;
        return new OperationToken($"agent:{call}:{occurrence}");
    }

    private static void WriteCanonical(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (JsonProperty property in element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(property.Name);
                    WriteCanonical(writer, property.Value);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (JsonElement item in element.EnumerateArray())
                {
                    WriteCanonical(writer, item);
                }

                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                // Re-encoded from the value, so two spellings of one string ("\u0041" and "A") are one call.
                writer.WriteStringValue(element.GetString());
                break;
            case JsonValueKind.Undefined:
                writer.WriteNullValue();
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }
}
