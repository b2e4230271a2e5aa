using System.Globalization;
using System.Text.Json;
using OperatorOs;
using TeachingAssistant.Enrollment;
using TeachingAssistant.Intake;
using TeachingAssistant.Operator;
using TeachingAssistant.Support;
using TeachingAssistant.Time;

namespace TeachingAssistant.Reporting;

/// <summary>The operator's weekly digest: what the week's records in memory say, written back to memory as a Context record <c>digest/week-NN</c>.</summary>
internal sealed class WeeklyDigest
{
    public const string Attribute = "summary";

    private readonly MemoryStore _memory;
    private readonly IApprovalQueue _approvals;
    private readonly ITrustLadder _trust;
    private readonly SemesterCalendar _calendar;

    public WeeklyDigest(MemoryStore memory, IApprovalQueue approvals, ITrustLadder trust, SemesterCalendar calendar)
    {
        _memory = memory;
        _approvals = approvals;
        _trust = trust;
        _calendar = calendar;
    }

    public static string EntityOf(int week) => "digest/week-" + week.ToString("D2", CultureInfo.InvariantCulture);

    /// <summary>Writes the week's digest and returns its text; a week already digested keeps its digest.</summary>
    public async Task<string> WriteAsync(int week, OperatorReview review, CancellationToken cancellationToken)
    {
        if (await _memory.GetAsync(EntityOf(week), Attribute, cancellationToken) is { } existing)
        {
            return Json.GetString(existing.Value, "text") ?? string.Empty;
        }

        DateTimeOffset from = _calendar.WeekStart(week), until = _calendar.ReviewTime(week).AddHours(1);
        IReadOnlyList<MemoryRecord> records = await _memory.QueryAsync(new MemoryQuery { Kind = MemoryKind.Fact, RecordedFrom = from, RecordedBefore = until }, cancellationToken);
        var mail = new Dictionary<string, int>(StringComparer.Ordinal);
        var submissions = new Dictionary<string, int>(StringComparer.Ordinal);
        var refunds = new Dictionary<string, int>(StringComparer.Ordinal);
        var flagged = new List<string>();
        int payments = 0;
        foreach (MemoryRecord record in records)
        {
            if (record.Attribute == HandlingRecords.Attribute && record.Value.TryGetProperty("week", out JsonElement w) && w.GetInt32() == week)
            {
                Dictionary<string, int> tally = record.Entity.StartsWith("mail/", StringComparison.Ordinal) ? mail : submissions;
                string disposition = Json.GetString(record.Value, "disposition") ?? Disposition.Failed;
                tally[disposition] = tally.GetValueOrDefault(disposition) + 1;
                if (Json.GetString(record.Value, "screen") is not null)
                {
                    flagged.Add(Json.GetString(record.Value, "id")!);
                }
            }
            else if (record.Attribute == EnrollmentRecords.PaymentAttribute)
            {
                payments++;
            }
            else if (record.Attribute.StartsWith("refund/", StringComparison.Ordinal))
            {
                string status = Json.GetString(record.Value, "status") ?? "unknown";
                refunds[status] = refunds.GetValueOrDefault(status) + 1;
            }
        }

        int pending = (await _approvals.ListPendingAsync(cancellationToken)).Count;
        IReadOnlyList<TrustStanding> standings = await _trust.ListAsync(cancellationToken);
        string trust = standings.Count == 0 ? string.Empty : "; trust: " + string.Join(", ", standings.Select(t => $"{t.Agent} {t.Level}"));
        string text = string.Create(CultureInfo.InvariantCulture,
            $"Week {week:D2} ({from:MMM d}): {mail.Values.Sum()} emails ({Get(mail, Disposition.Answered)} answered, {Get(mail, Disposition.Queued)} drafted for review, " +
            $"{Get(mail, Disposition.Forwarded) + Get(mail, Disposition.Unrouted) + Get(mail, Disposition.Refused)} to the operator, {Get(mail, Disposition.Enrollment)} withdrawals); " +
            $"{submissions.Values.Sum()} submissions ({Get(submissions, Disposition.Graded)} graded, {Get(submissions, Disposition.Queued)} for review); " +
            $"{payments} payments, {Get(refunds, RefundStatus.Refunded)} refunds; operator approved {review.Approved}, corrected {review.Corrected}, rejected {review.Rejected}, " +
            $"left {pending} pending; {flagged.Count} injection attempts flagged{trust}.");

        JsonElement value = Json.Element(writer =>
        {
            writer.WriteStartObject();
            writer.WriteNumber("week", week);
            writer.WriteString("from", from);
            writer.WriteString("until", _calendar.ReviewTime(week));
            WriteTally(writer, "mail", mail);
            WriteTally(writer, "submissions", submissions);
            writer.WriteNumber("payments", payments);
            WriteTally(writer, "refunds", refunds);
            writer.WriteStartObject("operator");
            writer.WriteNumber("approved", review.Approved);
            writer.WriteNumber("corrected", review.Corrected);
            writer.WriteNumber("rejected", review.Rejected);
            writer.WriteNumber("deferred", review.Deferred);
            writer.WriteEndObject();
            writer.WriteNumber("pendingAtEnd", pending);
            writer.WriteStartObject("trust");
            foreach (TrustStanding standing in standings)
            {
                writer.WriteString($"{standing.Agent}/{standing.Capability}", standing.Level.ToString());
            }

            writer.WriteEndObject();
            writer.WriteStartArray("flagged");
            flagged.ForEach(writer.WriteStringValue);
            writer.WriteEndArray();
            writer.WriteString("text", text);
            writer.WriteEndObject();
        });
        var provenance = new Provenance(ActorKind.System, "digest") { InputReferences = [$"memory/facts-recorded/{from:yyyy-MM-dd}..{until:yyyy-MM-dd}", "approvals/pending"] };
        await _memory.WriteAsync(new MemoryWrite(EntityOf(week), Attribute, MemoryKind.Context, value, provenance), cancellationToken);
        return text;
    }

    public async Task<IReadOnlyList<string>> ReadAsync(int weeks, CancellationToken cancellationToken)
    {
        var texts = new List<string>(weeks);
        for (int week = 1; week <= weeks; week++)
        {
            if (await _memory.GetAsync(EntityOf(week), Attribute, cancellationToken) is { } record && Json.GetString(record.Value, "text") is { } text)
            {
                texts.Add(text);
            }
        }

        return texts;
    }

    private static int Get(Dictionary<string, int> tally, string key) => tally.GetValueOrDefault(key);

    private static void WriteTally(Utf8JsonWriter writer, string name, Dictionary<string, int> tally)
    {
        writer.WriteStartObject(name);
        foreach ((string key, int count) in tally.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            writer.WriteNumber(key, count);
        }

        writer.WriteEndObject();
    }
}
