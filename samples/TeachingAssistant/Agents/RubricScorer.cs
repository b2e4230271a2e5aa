using System.Globalization;
using System.Text.RegularExpressions;
using TeachingAssistant.Course;

namespace TeachingAssistant.Agents;

/// <summary>Deterministic grading: reads a submission's features and applies the rubric's bands, with a confidence that drops where the reading is shaky.</summary>
internal static partial class RubricScorer
{
    private const double LatePenaltyPerDay = 0.10;
    private const int MaxLateDays = 3;

    public static SubmissionFeatures Read(string content)
    {
        Match autograder = Autograder().Match(content);
        int notesAt = content.IndexOf("Notes:", StringComparison.Ordinal);
        string notes = notesAt < 0 ? string.Empty : content[(notesAt + "Notes:".Length)..];
        return new SubmissionFeatures(
            TestsPassed: autograder.Success ? int.Parse(autograder.Groups[1].Value, CultureInfo.InvariantCulture) : null,
            TestsTotal: autograder.Success ? int.Parse(autograder.Groups[2].Value, CultureInfo.InvariantCulture) : 0,
            Functions: Function().Matches(content).Count,
            DocumentationLines: Documentation().Matches(content).Count,
            Guards: Guard().Matches(content).Count,
            ExplanationWords: notes.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length);
    }

    public static GradeSheet Grade(RubricDocument rubric, string student, string submissionId, string content, DateTimeOffset submittedAt)
    {
        SubmissionFeatures features = Read(content);
        var criteria = new List<GradedCriterion>(rubric.Criteria.Count);
        double confidence = 0.92;
        var doubts = new List<string>();
        foreach (RubricCriterion criterion in rubric.Criteria)
        {
            (double share, string note) = criterion.Measure switch
            {
                Measure.Tests when features.TestsPassed is { } passed && features.TestsTotal > 0 => ((double)passed / features.TestsTotal, $"{passed}/{features.TestsTotal} tests passed"),
                Measure.Tests => (double.NaN, "no autograder output in the submission; correctness estimated from the other criteria"),
                Measure.Structure => (features.Functions switch { 0 => 0.2, 1 => 0.5, 2 => 0.8, _ => 1.0 }, $"{features.Functions} function(s)"),
                Measure.Documentation => (features.DocumentationLines switch { 0 => 0, 1 => 0.4, 2 => 0.7, _ => 1.0 }, $"{features.DocumentationLines} comment or docstring line(s)"),
                Measure.EdgeCases => (features.Guards switch { 0 => 0, 1 => 0.6, _ => 1.0 }, $"{features.Guards} input guard(s)"),
                _ => (features.ExplanationWords switch { < 8 => 0.1, < 25 => 0.5, < 45 => 0.8, _ => 1.0 }, $"{features.ExplanationWords} words of explanation"),
            };
            criteria.Add(new GradedCriterion(criterion.Id, criterion.Title, double.IsNaN(share) ? -1 : (int)Math.Round(criterion.Points * share, MidpointRounding.AwayFromZero), criterion.Points, note));
        }

        // Without the autograder's count, correctness is estimated at the share the rest of the work earned: good code tends to pass.
        int unknown = criteria.FindIndex(c => c.Points < 0);
        if (unknown >= 0)
        {
            List<GradedCriterion> known = criteria.Where(c => c.Points >= 0).ToList();
            double share = known.Sum(c => c.Max) == 0 ? 0.5 : (double)known.Sum(c => c.Points) / known.Sum(c => c.Max);
            criteria[unknown] = criteria[unknown] with { Points = (int)Math.Round(criteria[unknown].Max * share, MidpointRounding.AwayFromZero) };
        }

        if (features.TestsPassed is null)
        {
            confidence = Math.Min(confidence, 0.4);
            doubts.Add("the autograder's result is missing");
        }

        if (features.Functions == 0 && !content.Contains("```", StringComparison.Ordinal))
        {
            confidence = Math.Min(confidence, 0.5);
            doubts.Add("no code found");
        }

        if (InjectionScreen.Inspect(content) is { } attempt)
        {
            // The text tries to instruct the grader: it changes nothing in the score, but a person should see it.
            confidence = Math.Min(confidence, 0.3);
            doubts.Add($"the submission addresses the grader (\"{attempt}\")");
        }

        int raw = criteria.Sum(c => c.Points);
        int daysLate = submittedAt > rubric.Due ? (int)Math.Ceiling((submittedAt - rubric.Due).TotalDays) : 0;
        int score = daysLate > MaxLateDays ? 0 : (int)Math.Round(raw * (1 - (LatePenaltyPerDay * daysLate)), MidpointRounding.AwayFromZero);
        if (daysLate > MaxLateDays)
        {
            confidence = Math.Min(confidence, 0.3);
            doubts.Add($"{daysLate} days late, past the three-day limit");
        }

        string feedback = string.Join(' ', criteria.Where(c => c.Points < c.Max).Select(c => $"{c.Title}: {c.Note}."))
            + (daysLate is > 0 and <= MaxLateDays ? $" Submitted {daysLate} day(s) late: -{daysLate * 10}%." : string.Empty)
            + (doubts.Count > 0 ? " For review: " + string.Join("; ", doubts) + "." : string.Empty);
        return new GradeSheet(student, rubric.Assignment, submissionId, rubric.Version, score, rubric.MaxPoints, daysLate, criteria, feedback.Trim(), confidence);
    }

    /// <summary>Changes one criterion's points on a sheet and applies the late penalty again, as a person correcting the grader would.</summary>
    public static GradeSheet Regrade(GradeSheet sheet, string criterionId, int points, string note, string correctedBy)
    {
        var criteria = sheet.Criteria.Select(c => c.Id == criterionId ? c with { Points = Math.Clamp(points, 0, c.Max), Note = note } : c).ToList();
        int raw = criteria.Sum(c => c.Points);
        int score = sheet.DaysLate > MaxLateDays ? 0 : (int)Math.Round(raw * (1 - (LatePenaltyPerDay * sheet.DaysLate)), MidpointRounding.AwayFromZero);
        return sheet with { Criteria = criteria, Score = score, Feedback = $"{sheet.Feedback} Corrected by {correctedBy}: {note}.", CorrectedBy = correctedBy };
    }

    [GeneratedRegex(@"Autograder: (\d+)/(\d+) tests passed", RegexOptions.CultureInvariant)]
    private static partial Regex Autograder();

    [GeneratedRegex(@"^\s*def \w+\(", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex Function();

    [GeneratedRegex(@"^\s*(#|"""""")", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex Documentation();

    [GeneratedRegex(@"^\s*(if not |if \w+ is None|raise )", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex Guard();
}
