namespace TeachingAssistant.Course;

/// <summary>A question students ask, with the operator's answer; <see cref="Published"/> topics are in memory from the first day, the others the operator answers when they come up.</summary>
internal sealed record FaqTopic(string Id, bool Published, string Answer, IReadOnlyList<string> Examples);
