using System.Text.Json;
using OperatorOs;
using TeachingAssistant.Agents;
using TeachingAssistant.Course;
using TeachingAssistant.Support;
using TeachingAssistant.Time;

namespace TeachingAssistant.Intake;

/// <summary>Turns each portal submission into an untrusted intent for the grading agent and records the grade the filed sheet gives.</summary>
internal sealed class SubmissionDesk
{
    public const string IntentName = "submission.received";

    private readonly IOperatorKernel _kernel;
    private readonly IntentRecovery _recovery;
    private readonly MemoryStore _memory;
    private readonly TimeProvider _clock;
    private readonly SemesterCalendar _calendar;
    private readonly GradeBook _grades;
    private readonly ReviewFollowUp _reviews;

    public SubmissionDesk(IOperatorKernel kernel, IntentRecovery recovery, MemoryStore memory, TimeProvider clock, SemesterCalendar calendar, GradeBook grades, ReviewFollowUp reviews)
    {
        _kernel = kernel;
        _recovery = recovery;
        _memory = memory;
        _clock = clock;
        _calendar = calendar;
        _grades = grades;
        _reviews = reviews;
    }

    public async Task<DeskResult> HandleAsync(CourseSubmission submission, CancellationToken cancellationToken)
    {
        string entity = CoursePaths.SubmissionEntity(submission.Id);
        if (await HandlingRecords.GetAsync(_memory, entity, cancellationToken) is { } handled)
        {
            return new DeskResult(Json.GetString(handled.Value, "disposition") ?? Disposition.Failed, AlreadyHandled: true);
        }

        JsonElement payload = Json.Element(w =>
        {
            w.WriteStartObject();
            w.WriteString("submissionId", submission.Id);
            w.WriteString("student", submission.Student);
            w.WriteString("assignment", submission.Assignment);
            w.WriteString("content", submission.Content);
            w.WriteString("submittedAt", submission.SubmittedAt);
            w.WriteEndObject();
        });

        // The submission is the student's own text: untrusted, whatever it says to the grader.
        var intent = new Intent(submission.Id, IntentName, payload, "portal:" + submission.Student, TrustLevel.Untrusted, submission.Id, _clock.GetUtcNow());
        // A stopped run may have submitted it already: then the journal, not the agent, says what happened.
        IntentResult? recovered = await _recovery.RecoverAsync(intent, cancellationToken);
        IntentResult result = recovered ?? await _kernel.SubmitAsync(intent, cancellationToken);
        ProposalResult? sheet = result.Proposals.Count > 0 ? result.Proposals[0] : null;
        GradeSheet? graded = null;
        string disposition = sheet?.Status switch
        {
            null => Disposition.Ungraded,
            ProposalStatus.Executed => Disposition.Graded,
            ProposalStatus.PendingApproval => Disposition.Queued,
            _ => Disposition.Failed,
        };
        if (disposition == Disposition.Graded)
        {
            graded = await _grades.RecordAsync(sheet!.Proposal, sheet.Outcome!, null, cancellationToken);
        }
        else if (disposition == Disposition.Queued)
        {
            _reviews.Track(new PendingReview(sheet!.ApprovalId!, ReviewKind.Submission, submission.Id, submission.Student));
        }

        JsonElement value = Json.Element(w =>
        {
            w.WriteStartObject();
            w.WriteString("id", submission.Id);
            w.WriteString("student", submission.Student);
            w.WriteString("assignment", submission.Assignment);
            w.WriteString("submittedAt", submission.SubmittedAt);
            w.WriteNumber("week", _calendar.WeekOf(submission.SubmittedAt));
            w.WriteString("screen", InjectionScreen.Inspect(submission.Content));
            w.WriteString("disposition", disposition);
            w.WriteString("approvalId", sheet?.ApprovalId);
            if (graded is not null)
            {
                w.WriteNumber("score", graded.Score);
            }

            w.WriteBoolean("recovered", recovered is not null);
            w.WritePropertyName("proposals");
            HandlingRecords.WriteProposals(w, result.Proposals);
            w.WriteEndObject();
        });
        string[] inputs = [$"intent/{intent.Id}", .. result.Proposals.Select(p => $"proposal/{p.Proposal.Id}")];
        await HandlingRecords.WriteAsync(_memory, entity, value, inputs, null, cancellationToken);
        return new DeskResult(disposition, AlreadyHandled: false);
    }
}
