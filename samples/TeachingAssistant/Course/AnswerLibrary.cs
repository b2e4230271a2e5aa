using OperatorOs;
using TeachingAssistant.Agents;
using TeachingAssistant.Support;

namespace TeachingAssistant.Course;

/// <summary>The course's approved answers in memory: the published FAQ, and every reply the operator approved or corrected since, which the triage agent answers from.</summary>
internal sealed class AnswerLibrary
{
    private readonly MemoryStore _memory;

    public AnswerLibrary(MemoryStore memory)
    {
        _memory = memory;
    }

    /// <summary>Publishes the FAQ's published topics, one record per example question; topics already in memory are left as they are.</summary>
    public async Task<int> PublishFaqAsync(CancellationToken cancellationToken)
    {
        int published = 0;
        foreach (FaqTopic topic in CourseFaq.Topics.Where(t => t.Published))
        {
            for (int i = 0; i < topic.Examples.Count; i++)
            {
                string attribute = $"faq/{topic.Id}/{i + 1}";
                if (await _memory.GetAsync(CoursePaths.AnswersEntity, attribute, cancellationToken) is not null)
                {
                    continue;
                }

                await WriteAsync(attribute, topic.Examples[i], topic.Answer, new Provenance(ActorKind.Operator, "operator") { InputReferences = ["course/handbook"] }, cancellationToken);
                published++;
            }
        }

        return published;
    }

    /// <summary>Learns an approved reply: its question and answer become a record the next similar question is answered from.</summary>
    public async Task<bool> LearnAsync(string messageId, ApprovalRequest approved, CancellationToken cancellationToken)
    {
        string attribute = "answer/" + messageId;
        if (Json.GetString(approved.EffectiveProposal.Arguments, "content") is not { } reply ||
            ReplyFormat.AnswerOf(reply) is not { } answer || QuestionText.Extract(string.Empty, ReplyFormat.QuestionOf(reply)) is not { Length: > 0 } question ||
            await _memory.GetAsync(CoursePaths.AnswersEntity, attribute, cancellationToken) is not null)
        {
            return false;
        }

        var provenance = new Provenance(ActorKind.Operator, approved.DecidedBy ?? "operator")
        {
            ApprovalId = approved.Id,
            InputReferences = [CoursePaths.MailEntity(messageId), $"proposal/{approved.Proposal.Id}"],
        };
        await WriteAsync(attribute, question, answer, provenance, cancellationToken);
        return true;
    }

    private Task<MemoryRecord> WriteAsync(string attribute, string question, string answer, Provenance provenance, CancellationToken cancellationToken) =>
        _memory.WriteAsync(
            new MemoryWrite(CoursePaths.AnswersEntity, attribute, MemoryKind.Fact, Json.Element(w =>
            {
                w.WriteStartObject();
                w.WriteString("question", question);
                w.WriteString("answer", answer);
                w.WriteEndObject();
            }), provenance),
            cancellationToken);
}
