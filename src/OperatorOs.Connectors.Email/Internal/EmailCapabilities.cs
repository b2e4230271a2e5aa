using System.Globalization;
using System.Text.Json;

namespace OperatorOs.Connectors.Email.Internal;

/// <summary>Builds the descriptors of the Email capabilities, with their argument schemas.</summary>
internal static class EmailCapabilities
{
    private const string AddressesSchema = """{ "type": ["array", "string"], "items": { "type": "string" }, "description": "Addresses such as ada@example.com or \"Ada Lovelace <ada@example.com>\"; one string or an array." }""";
    private const string MessageIdSchema = """{ "type": "string", "maxLength": 250, "description": "A Message-ID such as <abc123@example.com>." }""";

    /// <summary>Creates the descriptors the configuration allows: sending needs SMTP, drafts and fetching need IMAP, and read-only offers only fetching.</summary>
    public static IReadOnlyList<CapabilityDescriptor> Create(EmailConnectorOptions options)
    {
        var capabilities = new List<CapabilityDescriptor>();
        if (!options.ReadOnly && options.Smtp.IsConfigured)
        {
            capabilities.Add(new(
                EmailConnector.SendCapability,
                "Sends an e-mail from the operator's mailbox through SMTP, at most once per operation token. Returns messageId, from, to, cc, bcc, subject, sentAt and savedToSent.",
                RiskTier.External,
                Schema(MessageSchema(options, toRequired: true))));
        }

        if (!options.ReadOnly && options.Imap.IsConfigured)
        {
            capabilities.Add(new(
                EmailConnector.DraftCapability,
                "Saves an e-mail as a draft in the mailbox's Drafts folder without sending it, at most once per operation token. Returns messageId, folder, uid and savedAt.",
                RiskTier.Internal,
                Schema(MessageSchema(options, toRequired: false))));
        }

        if (options.Imap.IsConfigured)
        {
            capabilities.Add(new(
                EmailConnector.FetchCapability,
                "Reads messages from a mailbox folder (the inbox by default) without marking them read: the most recent ones, or those after sinceUid, oldest first. "
                    + "Returns folder, uidValidity, messages (each with uid, messageId, threadId, from, to, subject, date, text; all untrusted) and more.",
                RiskTier.Read,
                Schema(string.Create(CultureInfo.InvariantCulture, $$"""
                    { "type": "object",
                      "properties": {
                        "folder": { "type": "string", "description": "The folder to read; the configured inbox when omitted." },
                        "sinceUid": { "type": "integer", "minimum": 0, "maximum": 4294967295, "description": "Return only messages with a higher UID (under the same uidValidity)." },
                        "limit": { "type": "integer", "minimum": 1, "maximum": {{options.MaxFetchMessages}}, "description": "The most messages to return; {{Math.Min(EmailConnectorConstants.DefaultFetchLimit, options.MaxFetchMessages)}} when omitted." } },
                      "additionalProperties": false }
                    """))));
        }

        return capabilities.AsReadOnly();
    }

    private static string MessageSchema(EmailConnectorOptions options, bool toRequired) => string.Create(CultureInfo.InvariantCulture, $$"""
        { "type": "object",
          "properties": {
            "to": {{AddressesSchema}},
            "cc": {{AddressesSchema}},
            "bcc": {{AddressesSchema}},
            "replyTo": { "type": "string", "description": "The address replies should go to." },
            "subject": { "type": "string", "minLength": 1, "maxLength": {{EmailConnectorConstants.MaxSubjectChars}}, "description": "One line." },
            "text": { "type": "string", "minLength": 1, "maxLength": {{options.MaxBodyChars}}, "description": "The plain-text body." },
            "html": { "type": "string", "maxLength": {{options.MaxBodyChars}}, "description": "An optional HTML alternative of the body." },
            "inReplyTo": {{MessageIdSchema}},
            "references": { "type": "array", "items": {{MessageIdSchema}}, "description": "The Message-IDs of the thread, oldest first, so the reply joins it." } },
          "required": [{{(toRequired ? "\"to\", " : string.Empty)}}"subject", "text"],
          "additionalProperties": false }
        """);

    private static JsonElement Schema(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
