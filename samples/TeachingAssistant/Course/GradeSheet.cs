using System.Globalization;
using System.Text.Json;
using TeachingAssistant.Support;

namespace TeachingAssistant.Course;

/// <summary>A graded submission: the document the grader files in the course's store, and the operator may correct before it is recorded.</summary>
internal sealed record GradeSheet(
    string Student,
    string Assignment,
    string SubmissionId,
    int RubricVersion,
    int Score,
    int MaxScore,
    int DaysLate,
    IReadOnlyList<GradedCriterion> Criteria,
    string Feedback,
    double Confidence)
{
    /// <summary>Gets who changed the grader's sheet, or <see langword="null"/> when it stands as graded.</summary>
    public string? CorrectedBy { get; init; }

    public string ToJson() => Json.Text(w =>
    {
        w.WriteStartObject();
        w.WriteString("student", Student);
        w.WriteString("assignment", Assignment);
        w.WriteString("submission", SubmissionId);
        w.WriteNumber("rubricVersion", RubricVersion);
        w.WriteNumber("score", Score);
        w.WriteNumber("maxScore", MaxScore);
        w.WriteNumber("daysLate", DaysLate);
        w.WriteStartArray("criteria");
        foreach (GradedCriterion criterion in Criteria)
        {
            w.WriteStartObject();
            w.WriteString("id", criterion.Id);
            w.WriteString("title", criterion.Title);
            w.WriteNumber("points", criterion.Points);
            w.WriteNumber("max", criterion.Max);
            w.WriteString("note", criterion.Note);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteString("feedback", Feedback);
        w.WriteNumber("confidence", Math.Round(Confidence, 3));
        if (CorrectedBy is not null)
        {
            w.WriteString("correctedBy", CorrectedBy);
        }

        w.WriteEndObject();
    });

    /// <summary>Reads a sheet back; <see langword="null"/> when the text is not one (for example a correction that broke it).</summary>
    public static GradeSheet? Parse(string json)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            JsonElement root = document.RootElement;
            var criteria = root.GetProperty("criteria").EnumerateArray().Select(c => new GradedCriterion(
                c.GetProperty("id").GetString()!, c.GetProperty("title").GetString()!, c.GetProperty("points").GetInt32(), c.GetProperty("max").GetInt32(), c.GetProperty("note").GetString()!)).ToList();
            return new GradeSheet(
                root.GetProperty("student").GetString()!,
                root.GetProperty("assignment").GetString()!,
                root.GetProperty("submission").GetString()!,
                root.GetProperty("rubricVersion").GetInt32(),
                root.GetProperty("score").GetInt32(),
                root.GetProperty("maxScore").GetInt32(),
                root.GetProperty("daysLate").GetInt32(),
                criteria,
                root.GetProperty("feedback").GetString()!,
                root.GetProperty("confidence").GetDouble())
            {
                CorrectedBy = root.TryGetProperty("correctedBy", out JsonElement by) ? by.GetString() : null,
            };
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Assignment} {Student}: {Score}/{MaxScore}");
}
