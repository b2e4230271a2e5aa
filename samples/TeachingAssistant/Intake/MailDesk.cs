using System.Text.Json;
using OperatorOs;
using OperatorOs.Connectors.Email;
using TeachingAssistant.Agents;
using TeachingAssistant.Course;
using TeachingAssistant.Enrollment;
using TeachingAssistant.Inbound;
using TeachingAssistant.Support;
using TeachingAssistant.Time;

namespace TeachingAssistant.Intake;

/// <summary>Takes each inbound email through the Email connector's inbound path — an untrusted memory signal, then the untrusted intent
/// <see cref="InboundEmail.ToIntent"/> makes — records what became of it, and hands refund cases to the enrollment flow.</summary>
/// <remarks>
/// A message handled before (its <c>mail/&lt;id&gt;</c> record exists) is not submitted again; a refund case it opened is handed to the
/// enrollment again, which does nothing when the request is already recorded. The signal is written once per message (a second
/// write finds it there), and the intent's id derives from the Message-ID, so the journal's stream for a message is the same on
/// every run.
/// </remarks>
internal sealed class MailDesk
{
    public const string IntentName = InboundEmail.DefaultIntentName;

    /// <summary>The actor of the mail signals: the course mailbox's inbound path.</summary>
    public const string SignalActor = "course-mail";

    private readonly IOperatorKernel _kernel;
    private readonly IntentRecovery _recovery;
    private readonly MemoryStore _memory;
    private readonly TimeProvider _clock;
    private readonly GeneratedCourse _course;
    private readonly SemesterCalendar _calendar;
    private readonly EnrollmentWorkflow _enrollment;
    private readonly ReviewFollowUp _reviews;

    public MailDesk(IOperatorKernel kernel, IntentRecovery recovery, MemoryStore memory, TimeProvider clock, GeneratedCourse course, SemesterCalendar calendar, EnrollmentWorkflow enrollment, ReviewFollowUp reviews)
    {
        _kernel = kernel;
        _recovery = recovery;
        _memory = memory;
        _clock = clock;
        _course = course;
        _calendar = calendar;
        _enrollment = enrollment;
        _reviews = reviews;
    }

    public async Task<DeskResult> HandleAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        string entity = CoursePaths.MailEntity(message.Id);
        if (await HandlingRecords.GetAsync(_memory, entity, cancellationToken) is { } handled)
        {
            string previous = Json.GetString(handled.Value, "disposition") ?? Disposition.Failed;
            if (previous == Disposition.Enrollment && Json.GetString(handled.Value, "case") is { } earlierCase)
            {
                await _enrollment.RequestRefundAsync(Json.GetString(handled.Value, "student")!, message.Id, earlierCase, cancellationToken);
            }

            return new DeskResult(previous, AlreadyHandled: true);
        }

        long started = _clock.GetTimestamp();
        string student = _course.FindStudentByEmail(message.From)?.Id ?? "unknown";
        InboundEmail email = message.Email;

        // The Email connector's inbound path: the message is a Signal in memory (entity thread/{id}, attribute email/{message-id},
        // "trust": "Untrusted"), then an untrusted intent; the kernel taints every proposal made from it.
        var provenance = new Provenance(ActorKind.Connector, SignalActor) { InputReferences = [message.Origin] };
        await EmailInbox.RecordAsync(_memory, email, provenance, _clock, cancellationToken);
        Intent received = email.ToIntent(_clock, IntentName);

        // The course adds what its roster knows: which student wrote, and its own id for the message, which the agents file under
        // and which ties their proposals (the intent's correlation id) to the message for the operator and the audit.
        JsonElement payload = Json.With(Json.With(received.Payload, "mailId", Json.String(message.Id)), "student", Json.String(student));
        var intent = new Intent(received.Id, received.Name, payload, received.Source, received.Trust, message.Id, received.CreatedAt);
        // A stopped run may have submitted it already: then the journal, not the agent, says what happened.
        IntentResult? recovered = await _recovery.RecoverAsync(intent, cancellationToken);
        IntentResult result = recovered ?? await _kernel.SubmitAsync(intent, cancellationToken);
        string? screen = InjectionScreen.Inspect(message.Subject + "\n" + message.Body);
        ProposalResult? first = result.Proposals.Count > 0 ? result.Proposals[0] : null;
        string? path = first is null ? null : Json.GetString(first.Proposal.Arguments, "path");
        string disposition = (result.Route.IsRouted, first?.Status) switch
        {
            (false, _) => Disposition.Unrouted,
            (true, null) => Disposition.Refused,
            (true, ProposalStatus.Executed) when CoursePaths.IsReply(path!) => Disposition.Answered,
            (true, ProposalStatus.Executed) when CoursePaths.IsRefundCase(path!) => Disposition.Enrollment,
            (true, ProposalStatus.Executed) => Disposition.Forwarded,
            (true, ProposalStatus.PendingApproval) => Disposition.Queued,
            _ => Disposition.Failed,
        };

        if (disposition == Disposition.Enrollment)
        {
            RefundOutcome refund = await _enrollment.RequestRefundAsync(student, message.Id, path!, cancellationToken);
            if (refund is { Status: RefundStatus.AwaitingApproval, ApprovalId: { } refundApproval })
            {
                _reviews.Track(new PendingReview(refundApproval, ReviewKind.Refund, message.Id, student));
            }
        }

        if (disposition == Disposition.Queued)
        {
            _reviews.Track(new PendingReview(first!.ApprovalId!, ReviewKind.Mail, message.Id, student));
        }

        double latency = _clock.GetElapsedTime(started).TotalMilliseconds;
        JsonElement value = Json.Element(w =>
        {
            w.WriteStartObject();
            w.WriteString("id", message.Id);
            w.WriteString("student", student);
            w.WriteString("from", message.From);
            w.WriteString("subject", message.Subject);
            w.WriteString("messageId", email.MessageId);
            w.WriteString("thread", email.MemoryEntity);
            w.WriteString("receivedAt", message.ReceivedAt);
            w.WriteNumber("week", _calendar.WeekOf(message.ReceivedAt));
            w.WriteString("route", result.Route.Target);
            w.WriteString("routeRule", result.Route.Rule);
            if ((result.Route.Score ?? result.Route.Candidates.FirstOrDefault()?.Score) is { } score)
            {
                w.WriteNumber("routeScore", Math.Round(score, 3));
            }

            w.WriteString("screen", screen);
            w.WriteString("disposition", disposition);
            w.WriteString("approvalId", first?.ApprovalId);
            w.WriteString("case", path is not null && CoursePaths.IsCase(path) ? path : null);
            w.WriteBoolean("recovered", recovered is not null);
            w.WritePropertyName("proposals");
            HandlingRecords.WriteProposals(w, result.Proposals);
            w.WriteNumber("latencyMs", Math.Round(latency, 2));
            w.WriteEndObject();
        });
        string[] inputs = [$"{email.MemoryEntity}/{email.MemoryAttribute}", $"intent/{intent.Id}", .. result.Proposals.Select(p => $"proposal/{p.Proposal.Id}")];
        await HandlingRecords.WriteAsync(_memory, entity, value, inputs, null, cancellationToken);
        return new DeskResult(disposition, AlreadyHandled: false);
    }
}
