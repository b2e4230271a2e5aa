using System.Globalization;
using System.Text.Json;
using OperatorOs;
using TeachingAssistant.Course;
using TeachingAssistant.Support;

namespace TeachingAssistant.Agents;

/// <summary>The triage agent offline: answers questions from the closest approved answer in memory, with the similarity as its confidence, and passes everything it may not decide on.</summary>
/// <remarks>
/// Its only capability is writing to the course's document store: a reply into <c>outbox/</c>, or a case into <c>cases/</c> for the
/// operator (extensions, grade disputes, complaints, questions nothing answers) or for the enrollment workflow (refunds). Replies
/// carry approved answers only, so it never promises what the course's policy does not; an instruction to drop the rules gets no
/// action at all.
/// </remarks>
internal sealed class TriageStrategy : IAgentStrategy
{
    /// <summary>Below this similarity no approved answer is close enough to draft from; the question goes to the operator.</summary>
    public const double AnswerFloor = 0.3;

    private const double CaseConfidence = 0.95;

    // How many approved questions are asked for their answer.
    private const int Neighbours = 5;

    private readonly MemoryIndex _index;

    public TriageStrategy(MemoryIndex index)
    {
        _index = index;
    }

    public async ValueTask<IReadOnlyList<AgentToolCall>> PlanAsync(Intent intent, CancellationToken cancellationToken = default)
    {
        string? messageId = Json.GetString(intent.Payload, "mailId");
        string? student = Json.GetString(intent.Payload, "student");
        string subject = Json.GetString(intent.Payload, "subject") ?? string.Empty;
        string body = (Json.GetString(intent.Payload, "text") ?? string.Empty).Trim();
        if (messageId is null || student is null || body.Length == 0)
        {
            return [];
        }

        MessageKind kind = MessageClassifier.Classify(subject, body);
        switch (kind)
        {
            case MessageKind.Injection:
                return [];

            case MessageKind.Question:
                string question = QuestionText.Extract(subject, body);
                IReadOnlyList<MemorySearchResult> hits = await _index.SearchAsync(
                    question, new MemorySearchOptions { Entity = CoursePaths.AnswersEntity, Kind = MemoryKind.Fact, Top = Neighbours }, cancellationToken);

                // The approved questions closest to this one vote for their answers: one lucky wording does not outvote several close ones.
                var best = hits
                    .Select(hit => (Hit: hit, Answer: AnswerOf(hit.Record)))
                    .Where(pair => pair.Answer is not null)
                    .GroupBy(pair => pair.Answer!, StringComparer.Ordinal)
                    .Select(group => (Answer: group.Key, Votes: group.Sum(pair => pair.Hit.Score), Top: group.MaxBy(pair => pair.Hit.Score).Hit))
                    .OrderByDescending(candidate => candidate.Votes)
                    .FirstOrDefault();
                if (best.Answer is { } answer && best.Top.Score >= AnswerFloor)
                {
                    return [Write(CoursePaths.Reply(student, messageId), ReplyFormat.Compose(answer, body), Math.Clamp(best.Top.Score, 0, 1),
                        string.Create(CultureInfo.InvariantCulture, $"Reply with the approved answer '{best.Top.Record.Attribute}' (similarity {best.Top.Score:F2})."))];
                }

                return [Case(kind, student, messageId, intent, subject, body, "No approved answer is close to this question.")];

            default:
                return [Case(kind, student, messageId, intent, subject, body, ReasonFor(kind))];
        }
    }

    private static AgentToolCall Case(MessageKind kind, string student, string messageId, Intent intent, string subject, string body, string why)
    {
        string content = $"# {CoursePaths.CaseFolder(kind)}: {subject}\n\nFrom: {intent.Source}\nStudent: {student}\nMessage: {messageId}\nReceived: {intent.CreatedAt:u}\n\n{why} Nothing has been promised to the student.\n\n"
            + string.Join('\n', body.Split('\n').Select(line => "> " + line)) + "\n";
        string to = kind == MessageKind.Refund ? "the enrollment workflow" : "the operator";
        return Write(CoursePaths.Case(kind, student, messageId), content, CaseConfidence, $"Pass the {CoursePaths.CaseFolder(kind)} to {to}.");
    }

    private static AgentToolCall Write(string path, string content, double confidence, string rationale)
    {
        JsonElement arguments = Json.Element(w =>
        {
            w.WriteStartObject();
            w.WriteString("path", path);
            w.WriteString("content", content);
            w.WriteEndObject();
        });
        return new AgentToolCall("files.write", arguments) { Confidence = confidence, Rationale = rationale };
    }

    private static string ReasonFor(MessageKind kind) => kind switch
    {
        MessageKind.Refund => "The student asks to withdraw or for money back; the enrollment workflow checks the payments and the refund policy.",
        MessageKind.Extension => "An extension is the instructor's decision (policy: up to three days for illness or emergencies, asked before the deadline).",
        MessageKind.GradeDispute => "Grade disputes go to the instructor (policy: within 7 days of the grade).",
        MessageKind.Note => "The message asks nothing; a personal reply is up to the operator.",
        _ => "The student is upset; a person should answer.",
    };

    // The answer is the value of an approved record: a plain string, or the "answer" of a question-and-answer pair.
    private static string? AnswerOf(MemoryRecord record) => record.Value.ValueKind switch
    {
        JsonValueKind.String => record.Value.GetString(),
        JsonValueKind.Object => Json.GetString(record.Value, "answer"),
        _ => null,
    };
}
