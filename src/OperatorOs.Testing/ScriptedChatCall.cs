using Microsoft.Extensions.AI;

namespace OperatorOs.Testing;

/// <summary>Records one call a <see cref="ScriptedChatClient"/> received.</summary>
/// <param name="Messages">The messages sent.</param>
/// <param name="Options">A copy of the options sent, if any.</param>
public sealed record ScriptedChatCall(IReadOnlyList<ChatMessage> Messages, ChatOptions? Options);
