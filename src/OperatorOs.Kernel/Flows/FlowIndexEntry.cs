using System.Text.Json;

namespace OperatorOs;

/// <summary>One instance in the flow index: enough to list it, find it by correlation key, and finish an interrupted start.</summary>
internal sealed record FlowIndexEntry(
    string InstanceId,
    string FlowName,
    int FlowVersion,
    string? CorrelationKey,
    string? CorrelationId,
    bool Completed,
    JsonElement Input,
    TrustLevel Trust,
    DateTimeOffset StartedAt,
    int MemoryVersion);
