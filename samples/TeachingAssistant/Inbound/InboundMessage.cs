using OperatorOs.Connectors.Email;

namespace TeachingAssistant.Inbound;

/// <summary>One inbound email, as any mail source delivers it: the Email connector's <see cref="InboundEmail"/> and the course's id for it.</summary>
/// <param name="Id">A stable id: the same message read twice has the same id, so a resumed run recognises it.</param>
/// <param name="Email">The message as the Email connector's inbound path parsed it (untrusted content).</param>
/// <param name="Origin">Where the message was read from, the input reference of its memory signal (a file URL, or the generated course's mail).</param>
internal sealed record InboundMessage(string Id, InboundEmail Email, string Origin)
{
    public string From => Email.From;

    public string Subject => Email.Subject;

    public string Body => Email.Text.Trim();

    public DateTimeOffset ReceivedAt => Email.ReceivedAt;
}
