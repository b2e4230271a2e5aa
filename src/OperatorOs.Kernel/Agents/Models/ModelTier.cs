using Microsoft.Extensions.AI;

namespace OperatorOs;

/// <summary>A resolved model tier: its key, its client, and the model id the client says it serves.</summary>
internal sealed record ModelTier(object? Key, IChatClient Client)
{
    public string Name => Key?.ToString() ?? "default";

    public string? ModelId { get; } = Client.GetService<ChatClientMetadata>()?.DefaultModelId;
}
