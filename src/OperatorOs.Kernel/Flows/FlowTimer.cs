namespace OperatorOs;

/// <summary>A durable timer of the state an instance is in: fires the timer transition <see cref="Name"/> at <see cref="Due"/>.</summary>
internal readonly record struct FlowTimer(string Name, DateTimeOffset Due);
