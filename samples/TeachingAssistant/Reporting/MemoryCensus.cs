using OperatorOs;
using TeachingAssistant.Course;
using TeachingAssistant.Enrollment;
using TeachingAssistant.Intake;
using TeachingAssistant.Support;

namespace TeachingAssistant.Reporting;

/// <summary>Counts what memory says happened: every message's and submission's handling record, every grade of record, every refund request.</summary>
internal sealed class MemoryCensus
{
    public Dictionary<string, int> Mail { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, int> Submissions { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, int> Refunds { get; } = new(StringComparer.Ordinal);

    public List<double> MailLatencies { get; } = [];

    public HashSet<string> Flagged { get; } = new(StringComparer.Ordinal);

    public int FlaggedMail { get; private set; }

    public int FlaggedSubmissions { get; private set; }

    public int Grades { get; private set; }

    public int GradesWithoutProvenance { get; private set; }

    public int GradesCorrected { get; private set; }

    public double AverageScore { get; private set; }

    public int LearnedAnswers { get; private set; }

    public int MailTotal => Mail.Values.Sum();

    public int SubmissionTotal => Submissions.Values.Sum();

    public static async Task<MemoryCensus> TakeAsync(MemoryStore memory, CancellationToken cancellationToken)
    {
        var census = new MemoryCensus();
        double scoreShare = 0;
        foreach (MemoryRecord record in await memory.QueryAsync(new MemoryQuery { Kind = MemoryKind.Fact }, cancellationToken))
        {
            if (record.Attribute == HandlingRecords.Attribute)
            {
                bool mail = record.Entity.StartsWith("mail/", StringComparison.Ordinal);
                Dictionary<string, int> tally = mail ? census.Mail : census.Submissions;
                string disposition = Json.GetString(record.Value, "disposition") ?? Disposition.Failed;
                tally[disposition] = tally.GetValueOrDefault(disposition) + 1;
                if (Json.GetString(record.Value, "screen") is not null)
                {
                    census.Flagged.Add(Json.GetString(record.Value, "id")!);
                    census.FlaggedMail += mail ? 1 : 0;
                    census.FlaggedSubmissions += mail ? 0 : 1;
                }

                if (mail && record.Value.TryGetProperty("latencyMs", out System.Text.Json.JsonElement latency))
                {
                    census.MailLatencies.Add(latency.GetDouble());
                }
            }
            else if (record.Entity.StartsWith("student/", StringComparison.Ordinal) && record.Attribute.StartsWith(GradeBook.AttributePrefix, StringComparison.Ordinal))
            {
                census.Grades++;
                census.GradesWithoutProvenance += GradeBook.HasProvenance(record) ? 0 : 1;
                census.GradesCorrected += Json.GetString(record.Value, "correctedBy") is null ? 0 : 1;
                scoreShare += record.Value.GetProperty("score").GetDouble() / Math.Max(1, record.Value.GetProperty("maxScore").GetDouble());
            }
            else if (record.Attribute.StartsWith("refund/", StringComparison.Ordinal))
            {
                string status = Json.GetString(record.Value, "status") ?? "unknown";
                census.Refunds[status] = census.Refunds.GetValueOrDefault(status) + 1;
            }
            else if (record.Entity == CoursePaths.AnswersEntity && record.Attribute.StartsWith("answer/", StringComparison.Ordinal))
            {
                census.LearnedAnswers++;
            }
        }

        census.AverageScore = census.Grades == 0 ? 0 : Math.Round(100 * scoreShare / census.Grades, 1);
        return census;
    }

    public int MailWith(params string[] dispositions) => dispositions.Sum(d => Mail.GetValueOrDefault(d));

    public int SubmissionsWith(params string[] dispositions) => dispositions.Sum(d => Submissions.GetValueOrDefault(d));

    /// <summary>Returns the nearest-rank percentile of the recorded handling latencies, in milliseconds.</summary>
    public double LatencyPercentile(double percentile)
    {
        if (MailLatencies.Count == 0)
        {
            return 0;
        }

        List<double> sorted = [.. MailLatencies.Order()];
        int rank = (int)Math.Ceiling(percentile / 100 * sorted.Count);
        return Math.Round(sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)], 2);
    }
}
