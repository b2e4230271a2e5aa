using System.Globalization;
using System.Text.Json;
using OperatorOs;
using TeachingAssistant.Support;

namespace TeachingAssistant.Course;

/// <summary>An assignment's rubric as the operator publishes it to memory (a Fact whose version is the rubric's version), and as the grader reads it back.</summary>
internal sealed record RubricDocument(string Assignment, string Title, DateTimeOffset Due, IReadOnlyList<RubricCriterion> Criteria, int Version)
{
    public int MaxPoints => Criteria.Sum(c => c.Points);

    public static JsonElement ToJson(Assignment assignment, DateTimeOffset due) => Json.Element(w =>
    {
        w.WriteStartObject();
        w.WriteString("assignment", assignment.Id);
        w.WriteString("title", assignment.Title);
        w.WriteString("due", due);
        w.WriteStartArray("criteria");
        foreach (RubricCriterion criterion in assignment.Rubric)
        {
            w.WriteStartObject();
            w.WriteString("id", criterion.Id);
            w.WriteString("title", criterion.Title);
            w.WriteString("measure", criterion.Measure.ToString());
            w.WriteNumber("points", criterion.Points);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    });

    /// <summary>Reads a rubric record; <see langword="null"/> when it is not one.</summary>
    public static RubricDocument? From(MemoryRecord record)
    {
        JsonElement value = record.Value;
        try
        {
            var criteria = value.GetProperty("criteria").EnumerateArray().Select(c => new RubricCriterion(
                c.GetProperty("id").GetString()!,
                c.GetProperty("title").GetString()!,
                Enum.Parse<Measure>(c.GetProperty("measure").GetString()!),
                c.GetProperty("points").GetInt32())).ToList();
            return new RubricDocument(
                value.GetProperty("assignment").GetString()!,
                value.GetProperty("title").GetString()!,
                DateTimeOffset.Parse(value.GetProperty("due").GetString()!, CultureInfo.InvariantCulture),
                criteria,
                record.Version);
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
        {
            return null;
        }
    }
}
