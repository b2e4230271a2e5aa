using OperatorOs;
using TeachingAssistant.Course;
using TeachingAssistant.Enrollment;
using TeachingAssistant.Support;

namespace TeachingAssistant.Intake;

/// <summary>Finishes what an approval decided: an approved reply teaches the answer library, an approved sheet becomes a grade, a refund revokes or declines.</summary>
/// <remarks>
/// The approvals it waits on are in memory (handling records still <c>queued</c>, refunds still awaiting approval), so after a restart
/// <see cref="LoadAsync"/> picks them up again and a decision taken while the host was down is still followed up.
/// </remarks>
internal sealed class ReviewFollowUp
{
    private readonly Dictionary<string, PendingReview> _open = new(StringComparer.Ordinal);
    private readonly IApprovalQueue _approvals;
    private readonly MemoryStore _memory;
    private readonly GradeBook _grades;
    private readonly AnswerLibrary _answers;
    private readonly EnrollmentWorkflow _enrollment;

    public ReviewFollowUp(IApprovalQueue approvals, MemoryStore memory, GradeBook grades, AnswerLibrary answers, EnrollmentWorkflow enrollment)
    {
        _approvals = approvals;
        _memory = memory;
        _grades = grades;
        _answers = answers;
        _enrollment = enrollment;
    }

    public int Open => _open.Count;

    public void Track(PendingReview review) => _open[review.ApprovalId] = review;

    /// <summary>Finds the approvals recorded as awaited in memory.</summary>
    public async Task<int> LoadAsync(CancellationToken cancellationToken)
    {
        foreach (MemoryRecord record in await _memory.QueryAsync(new MemoryQuery { Kind = MemoryKind.Fact }, cancellationToken))
        {
            if (record.Attribute == HandlingRecords.Attribute && Json.GetString(record.Value, "disposition") == Disposition.Queued && !record.Value.TryGetProperty("review", out _))
            {
                string? approvalId = Json.GetString(record.Value, "approvalId");
                string? subject = Json.GetString(record.Value, "id");
                string? student = Json.GetString(record.Value, "student");
                if (approvalId is not null && subject is not null && student is not null)
                {
                    Track(new PendingReview(approvalId, record.Entity.StartsWith("mail/", StringComparison.Ordinal) ? ReviewKind.Mail : ReviewKind.Submission, subject, student));
                }
            }
            else if (record.Attribute.StartsWith("refund/", StringComparison.Ordinal) && Json.GetString(record.Value, "status") == RefundStatus.AwaitingApproval &&
                Json.GetString(record.Value, "approvalId") is { } refundApproval)
            {
                Track(new PendingReview(refundApproval, ReviewKind.Refund, record.Attribute["refund/".Length..], record.Entity["student/".Length..]));
            }
        }

        return _open.Count;
    }

    /// <summary>Follows up every awaited approval the operator has decided; returns how many.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        int done = 0;
        foreach (PendingReview review in _open.Values.OrderBy(r => r.ApprovalId, StringComparer.Ordinal).ToList())
        {
            ApprovalRequest? request = await _approvals.GetAsync(review.ApprovalId, cancellationToken);
            if (request is { Status: ApprovalStatus.Approved, Outcome: null })
            {
                // Approved, but the execution was cut short: approving again finishes it, under the same operation token.
                request = await _approvals.ApproveAsync(request.Id, request.DecidedBy ?? "operator", cancellationToken: cancellationToken);
            }

            if (request is null || request.Status == ApprovalStatus.Pending)
            {
                continue;
            }

            await FollowUpAsync(review, request, cancellationToken);
            _open.Remove(review.ApprovalId);
            done++;
        }

        return done;
    }

    private async Task FollowUpAsync(PendingReview review, ApprovalRequest decided, CancellationToken cancellationToken)
    {
        bool approved = decided.Status == ApprovalStatus.Approved && decided.Outcome is not null;
        switch (review.Kind)
        {
            case ReviewKind.Mail:
                string path = Json.GetString(decided.EffectiveProposal.Arguments, "path") ?? string.Empty;
                if (approved && CoursePaths.IsReply(path))
                {
                    await _answers.LearnAsync(review.SubjectId, decided, cancellationToken);
                }
                else if (approved && CoursePaths.IsRefundCase(path))
                {
                    RefundOutcome refund = await _enrollment.RequestRefundAsync(review.Student, review.SubjectId, path, cancellationToken);
                    if (refund.ApprovalId is { } refundApproval && refund.Status == RefundStatus.AwaitingApproval)
                    {
                        Track(new PendingReview(refundApproval, ReviewKind.Refund, review.SubjectId, review.Student));
                    }
                }

                await HandlingRecords.AddReviewAsync(_memory, CoursePaths.MailEntity(review.SubjectId), decided, cancellationToken);
                break;

            case ReviewKind.Submission:
                if (approved)
                {
                    await _grades.RecordAsync(decided.EffectiveProposal, decided.Outcome!, decided.Id, cancellationToken);
                }

                await HandlingRecords.AddReviewAsync(_memory, CoursePaths.SubmissionEntity(review.SubjectId), decided, cancellationToken);
                break;

            default:
                await _enrollment.FollowUpRefundAsync(review.Student, review.SubjectId, decided, cancellationToken);
                break;
        }
    }
}
