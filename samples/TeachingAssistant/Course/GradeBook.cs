using System.Text.Json;
using OperatorOs;
using TeachingAssistant.Support;

namespace TeachingAssistant.Course;

/// <summary>The grades of record: one memory Fact per student and assignment, written when a grade sheet is filed, with the provenance that makes it auditable.</summary>
/// <remarks>
/// Provenance names the grading agent, its model (<c>deterministic</c> offline), the operator's approval if there was one, and the
/// inputs: the submission, the rubric and its version, the filed sheet's content version and the proposal.
/// </remarks>
internal sealed class GradeBook
{
    public const string AttributePrefix = "grade/";

    public const string Deterministic = "deterministic";

    private readonly MemoryStore _memory;

    public GradeBook(MemoryStore memory)
    {
        _memory = memory;
    }

    /// <summary>Records the grade of a filed sheet (as proposed, or as the operator corrected it); recording the same filing again changes nothing.</summary>
    public async Task<GradeSheet?> RecordAsync(ActionProposal filed, OperationResult outcome, string? approvalId, CancellationToken cancellationToken)
    {
        if (Json.GetString(filed.Arguments, "content") is not { } content || GradeSheet.Parse(content) is not { } sheet)
        {
            return null;
        }

        string entity = CoursePaths.StudentEntity(sheet.Student);
        string attribute = AttributePrefix + sheet.Assignment;
        string proposalReference = $"proposal/{filed.Id}";
        if (await _memory.GetAsync(entity, attribute, cancellationToken) is { } existing && existing.Provenance.InputReferences.Contains(proposalReference))
        {
            return sheet;
        }

        string path = Json.GetString(filed.Arguments, "path")!;
        string? version = Json.GetString(outcome.Output, "version");
        List<string> inputs =
        [
            CoursePaths.SubmissionEntity(sheet.SubmissionId),
            $"{CoursePaths.RubricEntity(sheet.Assignment)}@v{sheet.RubricVersion}",
            $"file/{path}@{version}",
            proposalReference,
            .. filed.InputReferences,
        ];
        JsonElement value = Json.Element(w =>
        {
            w.WriteStartObject();
            w.WriteString("submission", sheet.SubmissionId);
            w.WriteNumber("score", sheet.Score);
            w.WriteNumber("maxScore", sheet.MaxScore);
            w.WriteNumber("rubricVersion", sheet.RubricVersion);
            w.WriteNumber("daysLate", sheet.DaysLate);
            w.WriteNumber("confidence", Math.Round(filed.Confidence, 3));
            w.WriteString("sheet", path);
            w.WriteString("correctedBy", sheet.CorrectedBy);
            w.WriteEndObject();
        });
        var provenance = new Provenance(filed.ProposerKind, filed.Proposer)
        {
            ModelId = filed.ModelId ?? Deterministic,
            InputReferences = inputs,
            ApprovalId = approvalId,
        };
        await _memory.WriteAsync(new MemoryWrite(entity, attribute, MemoryKind.Fact, value, provenance), cancellationToken);
        return sheet;
    }

    /// <summary>Returns whether a grade record carries the provenance a grade needs: the grader, a model id, the submission and the rubric's version.</summary>
    public static bool HasProvenance(MemoryRecord grade)
    {
        Provenance provenance = grade.Provenance;
        string? submission = Json.GetString(grade.Value, "submission");
        return provenance.ActorKind == ActorKind.Agent
            && !string.IsNullOrWhiteSpace(provenance.Actor)
            && !string.IsNullOrWhiteSpace(provenance.ModelId)
            && submission is not null
            && provenance.InputReferences.Contains(CoursePaths.SubmissionEntity(submission))
            && provenance.InputReferences.Any(input => input.StartsWith("rubric/", StringComparison.Ordinal) && input.Contains("@v", StringComparison.Ordinal));
    }
}
