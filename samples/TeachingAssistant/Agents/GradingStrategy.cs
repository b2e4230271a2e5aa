using System.Globalization;
using System.Text.Json;
using OperatorOs;
using TeachingAssistant.Course;
using TeachingAssistant.Support;

namespace TeachingAssistant.Agents;

/// <summary>The grading agent offline: applies the assignment's rubric (read from memory, so the sheet names the rubric's version) and files the grade sheet.</summary>
/// <remarks>A sheet it is unsure of carries a low confidence; the role's escalation threshold sends it to the operator instead of filing it.</remarks>
internal sealed class GradingStrategy : IAgentStrategy
{
    private readonly MemoryStore _memory;

    public GradingStrategy(MemoryStore memory)
    {
        _memory = memory;
    }

    public async ValueTask<IReadOnlyList<AgentToolCall>> PlanAsync(Intent intent, CancellationToken cancellationToken = default)
    {
        string? submissionId = Json.GetString(intent.Payload, "submissionId");
        string? student = Json.GetString(intent.Payload, "student");
        string? assignment = Json.GetString(intent.Payload, "assignment");
        string? content = Json.GetString(intent.Payload, "content");
        string? submittedAt = Json.GetString(intent.Payload, "submittedAt");
        if (submissionId is null || student is null || assignment is null || content is null || submittedAt is null)
        {
            return [];
        }

        // No rubric, no grade: an unknown assignment (or a path aimed at the file system) is left to the operator.
        if (await _memory.GetAsync(CoursePaths.RubricEntity(assignment), "definition", cancellationToken) is not { } record || RubricDocument.From(record) is not { } rubric)
        {
            return [];
        }

        GradeSheet sheet = RubricScorer.Grade(rubric, student, submissionId, content, DateTimeOffset.Parse(submittedAt, CultureInfo.InvariantCulture));
        JsonElement arguments = Json.Element(w =>
        {
            w.WriteStartObject();
            w.WriteString("path", CoursePaths.GradeSheet(assignment, student));
            w.WriteString("content", sheet.ToJson());
            w.WriteEndObject();
        });
        return [new AgentToolCall("files.write", arguments)
        {
            Confidence = sheet.Confidence,
            Rationale = string.Create(CultureInfo.InvariantCulture, $"Grade {submissionId} against rubric {assignment} v{rubric.Version}: {sheet.Score}/{sheet.MaxScore}."),
        }];
    }
}
