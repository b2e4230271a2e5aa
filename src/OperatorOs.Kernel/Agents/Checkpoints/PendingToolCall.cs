namespace OperatorOs;

/// <summary>A tool call a checkpointed agent run waits on: the model's call id and the approval that decides it.</summary>
internal sealed record PendingToolCall(string CallId, string ApprovalId, string Capability);
