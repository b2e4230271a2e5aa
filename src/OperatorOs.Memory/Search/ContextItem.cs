namespace OperatorOs;

/// <summary>Represents one memory record placed in an agent's context.</summary>
/// <param name="Record">The canonical record.</param>
/// <param name="Text">The text the agent sees.</param>
/// <param name="Tokens">The tokens the text costs, its line break included.</param>
/// <param name="Source">Why the record was chosen.</param>
/// <param name="Score">The retrieval score for retrieved items, otherwise <see langword="null"/>.</param>
public sealed record ContextItem(MemoryRecord Record, string Text, int Tokens, ContextSource Source, double? Score);
