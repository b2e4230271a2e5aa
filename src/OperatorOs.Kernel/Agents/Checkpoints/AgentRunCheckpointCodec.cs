using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.AI;
using OperatorOs.Shared;

namespace OperatorOs;

/// <summary>Writes and reads agent-run checkpoints as JSON with an explicit schema version and a stable type name.</summary>
/// <remarks>Chat messages use Microsoft.Extensions.AI's own JSON contract, which does not depend on assembly versions.</remarks>
internal static class AgentRunCheckpointCodec
{
    private static readonly JsonTypeInfo MessagesTypeInfo = AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(IList<ChatMessage>));

    public static JsonElement Write(AgentRunCheckpoint checkpoint) => JsonOutput.Build(w =>
    {
        w.WriteStartObject();
        w.WriteString("type", AgentRunCheckpoint.TypeName);
        w.WriteNumber("schema", AgentRunCheckpoint.Schema);
        w.WriteString("agent", checkpoint.Agent);
        w.WriteString("tier", checkpoint.Tier);
        w.WriteNumber("iterations", checkpoint.Iterations);
        w.WriteBoolean("escalated", checkpoint.Escalated);
        w.WriteStartObject("intent");
        IntentJson.WriteFields(w, checkpoint.Intent, "id");
        w.WriteEndObject();
        w.WriteStartArray("pending");
        foreach (PendingToolCall pending in checkpoint.Pending)
        {
            w.WriteStartObject();
            w.WriteString("callId", pending.CallId);
            w.WriteString("approvalId", pending.ApprovalId);
            w.WriteString("capability", pending.Capability);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("inputs");
        foreach (string input in checkpoint.Inputs)
        {
            w.WriteStringValue(input);
        }

        w.WriteEndArray();
        w.WritePropertyName("messages");
        JsonSerializer.Serialize(w, checkpoint.Messages.ToList(), MessagesTypeInfo);
        w.WriteEndObject();
    });

    public static AgentRunCheckpoint Read(JsonElement json, string where)
    {
        try
        {
            if (json.GetProperty("type").GetString() != AgentRunCheckpoint.TypeName)
            {
                throw new InvalidDataException($"{where}: not an agent-run checkpoint.");
            }

            int schema = json.GetProperty("schema").GetInt32();
            if (schema > AgentRunCheckpoint.Schema)
            {
                throw new InvalidDataException($"{where}: checkpoint schema {schema} is newer than this version reads ({AgentRunCheckpoint.Schema}).");
            }

            Intent intent = IntentJson.Read(json.GetProperty("intent"), "id");
            var pending = new List<PendingToolCall>();
            foreach (JsonElement p in json.GetProperty("pending").EnumerateArray())
            {
                pending.Add(new PendingToolCall(p.GetProperty("callId").GetString()!, p.GetProperty("approvalId").GetString()!, p.GetProperty("capability").GetString()!));
            }

            // Added within schema 1: a checkpoint written before has none, and its resumed run names the intent only.
            var inputs = new List<string>();
            if (json.TryGetProperty("inputs", out JsonElement read))
            {
                foreach (JsonElement input in read.EnumerateArray())
                {
                    inputs.Add(input.GetString()!);
                }
            }

            var messages = (IList<ChatMessage>?)json.GetProperty("messages").Deserialize(MessagesTypeInfo) ?? [];
            return new AgentRunCheckpoint(
                json.GetProperty("agent").GetString()!,
                json.GetProperty("tier").GetString(),
                intent,
                json.GetProperty("iterations").GetInt32(),
                json.GetProperty("escalated").GetBoolean(),
                pending,
                [.. messages]) { Inputs = inputs };
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException or JsonException or ArgumentException or InvalidIntentException)
        {
            throw new InvalidDataException($"{where}: the agent-run checkpoint is malformed ({ex.Message}).", ex);
        }
    }
}
