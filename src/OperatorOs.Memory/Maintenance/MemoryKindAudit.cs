namespace OperatorOs;

/// <summary>Represents the audit figures of one kind of memory.</summary>
/// <param name="Current">Keys with a current version.</param>
/// <param name="Superseded">Superseded versions kept in history.</param>
/// <param name="CurrentByAge">Current versions by how long ago they were recorded: <c>1d</c>, <c>7d</c>, <c>30d</c>, <c>90d</c> and <c>older</c>.</param>
public sealed record MemoryKindAudit(int Current, int Superseded, IReadOnlyDictionary<string, int> CurrentByAge);
