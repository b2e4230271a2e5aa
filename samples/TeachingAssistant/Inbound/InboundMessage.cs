namespace TeachingAssistant.Inbound;

/// <summary>One inbound email, as any mail source delivers it.</summary>
/// <param name="Id">A stable id: the same message read twice has the same id, so a resumed run recognises it.</param>
/// <param name="From">The sender's address.</param>
/// <param name="Subject">The subject line.</param>
/// <param name="Body">The plain-text body.</param>
/// <param name="ReceivedAt">When it arrived.</param>
internal sealed record InboundMessage(string Id, string From, string Subject, string Body, DateTimeOffset ReceivedAt);
