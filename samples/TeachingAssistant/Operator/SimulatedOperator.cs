using System.Globalization;
using System.Text;
using System.Text.Json;
using OperatorOs;
using TeachingAssistant.Agents;
using TeachingAssistant.Course;
using TeachingAssistant.Enrollment;
using TeachingAssistant.Support;
using TeachingAssistant.Time;

namespace TeachingAssistant.Operator;

/// <summary>The course's operator, simulated: every Sunday evening they work through the approval queue with <see cref="IApprovalQueue"/>, as a person at the shell would.</summary>
/// <remarks>
/// They approve most drafts, reject prompt injections and late refunds above the goodwill limit, correct wrong answers and grades
/// (edits are corrections, kept against the agent), and leave a few of the week's requests for the following week, so the queue is
/// never empty at the end. They decide everything first and then act, fixes before approvals, so the trust ladder sees the
/// corrections followed by the clean approvals of the same review. They judge with what a person knows and the agents do not: what each generated message really is, and
/// the test results of a submission whose autograder line went missing. Every choice depends only on the request's content, so
/// a rerun makes the same ones.
/// </remarks>
internal sealed class SimulatedOperator
{
    public const string Name = "operator";

    /// <summary>Above this amount a refund past the refund window is rejected; below it the operator grants it as goodwill.</summary>
    public const decimal GoodwillLimit = 100m;

    // A grade off by less than this many points is not worth a correction.
    private const int RegradeTolerance = 5;

    // The share of a week's requests the operator leaves for the next week.
    private const int DeferredPercent = 12;

    private readonly IApprovalQueue _approvals;
    private readonly IOperatorKernel _kernel;
    private readonly GeneratedCourse _course;
    private readonly SemesterCalendar _calendar;
    private readonly Dictionary<string, CourseSubmission> _submissions;

    public SimulatedOperator(IApprovalQueue approvals, IOperatorKernel kernel, GeneratedCourse course, SemesterCalendar calendar)
    {
        _approvals = approvals;
        _kernel = kernel;
        _course = course;
        _calendar = calendar;
        _submissions = course.Submissions.ToDictionary(s => s.Id, StringComparer.Ordinal);
    }

    public async Task<OperatorReview> ReviewAsync(int week, CancellationToken cancellationToken)
    {
        IEnumerable<ApprovalRequest> queue = (await _approvals.ListPendingAsync(cancellationToken))
            .OrderBy(r => r.CreatedAt)
            .ThenBy(r => KeyOf(r), StringComparer.Ordinal)
            .ThenBy(r => r.Proposal.Capability, StringComparer.Ordinal);
        int approved = 0, corrected = 0, rejected = 0, deferred = 0, failed = 0;
        var decisions = new List<(ApprovalRequest Request, Verdict Verdict, string? Reason, JsonElement? Correction)>();
        foreach (ApprovalRequest request in queue)
        {
            // A request from a later week is not this review's (a resumed run's clock is already past it).
            int created = _calendar.WeekOf(request.CreatedAt);
            if (created > week || (created == week && Defers(request)))
            {
                deferred++;
                continue;
            }

            (Verdict verdict, string? reason, JsonElement? correction) = request.Proposal.Capability == "billing.refund"
                ? await DecideRefundAsync(request, cancellationToken)
                : Decide(request);
            decisions.Add((request, verdict, reason, correction));
        }

        // Like most people with a queue, they fix what is wrong first and then approve the rest in one go.
        foreach ((ApprovalRequest request, Verdict verdict, string? reason, JsonElement? correction) in decisions.OrderBy(d => d.Verdict == Verdict.Approve))
        {
            try
            {
                switch (verdict)
                {
                    case Verdict.Reject:
                        await _approvals.RejectAsync(request.Id, Name, reason!, cancellationToken);
                        rejected++;
                        break;
                    case Verdict.Correct:
                        await _approvals.ApproveAsync(request.Id, Name, correction, cancellationToken);
                        corrected++;
                        break;
                    default:
                        await _approvals.ApproveAsync(request.Id, Name, cancellationToken: cancellationToken);
                        approved++;
                        break;
                }
            }
            catch (OperatorOsException)
            {
                // A failed execution stays visible in the journal and the approval; the review goes on.
                failed++;
            }
        }

        return new OperatorReview(approved, corrected, rejected, deferred, failed);
    }

    private (Verdict, string?, JsonElement?) Decide(ApprovalRequest request)
    {
        ActionProposal proposal = request.Proposal;
        return proposal.Capability switch
        {
            "files.write" => DecideDocument(proposal),
            _ when proposal.Taint == TrustLevel.Untrusted => (Verdict.Reject, "Derived from untrusted input; not doing that.", null),
            _ => (Verdict.Approve, null, null),
        };
    }

    private (Verdict, string?, JsonElement?) DecideDocument(ActionProposal proposal)
    {
        string path = Json.GetString(proposal.Arguments, "path") ?? string.Empty;
        string content = Json.GetString(proposal.Arguments, "content") ?? string.Empty;
        MailTruth? truth = proposal.CorrelationId is { } id && _course.MailTruth.TryGetValue(id, out MailTruth? known) ? known : null;
        if (CoursePaths.IsGradeSheet(path))
        {
            return DecideSheet(proposal, content);
        }

        string question = CoursePaths.IsReply(path) ? ReplyFormat.QuestionOf(content) : content;
        if (truth?.Kind == MailKind.Injection || InjectionScreen.Inspect(question) is not null)
        {
            return (Verdict.Reject, "A prompt injection, not a request: nothing goes out.", null);
        }

        if (!CoursePaths.IsReply(path))
        {
            return (Verdict.Approve, null, null);
        }

        switch (truth)
        {
            case null:
                return (Verdict.Approve, null, null);
            case { Kind: MailKind.Question, Topic: { } topic }:
                string answer = CourseFaq.Get(topic).Answer;
                return ReplyFormat.AnswerOf(content) == answer
                    ? (Verdict.Approve, null, null)
                    : (Verdict.Correct, null, Arguments(path, ReplyFormat.Compose(answer, question)));
            default:
                return (Verdict.Reject, "This needs a personal answer, not one from the FAQ.", null);
        }
    }

    private (Verdict, string?, JsonElement?) DecideSheet(ActionProposal proposal, string content)
    {
        if (GradeSheet.Parse(content) is not { } sheet || !_submissions.TryGetValue(sheet.SubmissionId, out CourseSubmission? submission) ||
            sheet.Criteria.FirstOrDefault(c => c.Id == "correctness") is not { } correctness)
        {
            return (Verdict.Approve, null, null);
        }

        // The operator re-runs the tests: where the grader had to estimate, the real result replaces the estimate.
        int points = (int)Math.Round(correctness.Max * submission.TestsPassed / 10.0, MidpointRounding.AwayFromZero);
        string note = string.Create(CultureInfo.InvariantCulture, $"{submission.TestsPassed}/10 tests passed when re-run");
        GradeSheet regraded = RubricScorer.Regrade(sheet, correctness.Id, points, note, Name);
        return Math.Abs(regraded.Score - sheet.Score) >= RegradeTolerance
            ? (Verdict.Correct, null, Arguments(Json.GetString(proposal.Arguments, "path")!, regraded.ToJson()))
            : (Verdict.Approve, null, null);
    }

    // A request names only the strictest rule; the operator asks the kernel to explain every rule's verdict, as a shell would show it.
    private async Task<(Verdict, string?, JsonElement?)> DecideRefundAsync(ApprovalRequest request, CancellationToken cancellationToken)
    {
        ActionProposal proposal = request.Proposal;
        decimal amount = proposal.Arguments.TryGetProperty("amount", out JsonElement value) && value.TryGetDecimal(out decimal parsed) ? parsed : decimal.MaxValue;
        if (proposal.Taint == TrustLevel.Untrusted)
        {
            return (Verdict.Reject, "A refund taken from an email's text is never made.", null);
        }

        PolicyEvaluation evaluation = await _kernel.ExplainAsync(proposal, cancellationToken);
        bool late = evaluation.Verdicts.Any(v => v.RuleId == RefundWindowPolicy.RuleId && v.Verdict == PolicyVerdict.NeedsApproval);
        return late && amount > GoodwillLimit
            ? (Verdict.Reject, string.Create(CultureInfo.InvariantCulture, $"Past the refund window and above the goodwill limit of {GoodwillLimit} {CourseFees.Currency}."), null)
            : (Verdict.Approve, null, null);
    }

    private static JsonElement Arguments(string path, string content) => Json.Element(w =>
    {
        w.WriteStartObject();
        w.WriteString("path", path);
        w.WriteString("content", content);
        w.WriteEndObject();
    });

    private static string KeyOf(ApprovalRequest request) => request.Proposal.CorrelationId ?? request.Proposal.Id;

    // FNV-1a over the request's correlation id: stable across runs and processes, unlike string.GetHashCode.
    private static bool Defers(ApprovalRequest request)
    {
        uint hash = 2166136261;
        foreach (byte b in Encoding.UTF8.GetBytes(KeyOf(request)))
        {
            hash = (hash ^ b) * 16777619;
        }

        return hash % 100 < DeferredPercent;
    }

    private enum Verdict
    {
        Approve,
        Correct,
        Reject,
    }
}
