using System.Text.Json;

namespace OperatorOs.Connectors.Files.Internal;

/// <summary>Builds the descriptors of the Files capabilities, with their argument schemas.</summary>
internal static class FilesCapabilities
{
    private const string PathSchema = """
        { "type": "string", "minLength": 1, "maxLength": 1024,
          "description": "A path relative to the root with '/' between segments, for example notes/plan.md. No leading '/', no '.' or '..' segments, no backslashes, no ':'." }
        """;

    private const string VersionSchema = """{ "type": "string", "pattern": "^[0-9a-f]{64}$" """;

    /// <summary>Creates the descriptors; a read-only connector offers only the read capabilities.</summary>
    public static IReadOnlyList<CapabilityDescriptor> Create(bool readOnly)
    {
        var capabilities = new List<CapabilityDescriptor>
        {
            new(
                FilesConnector.ReadCapability,
                "Reads a text file under the document root: its current content, or an earlier version from files.history. Returns path, content, version (SHA-256 of the bytes) and size.",
                RiskTier.Read,
                Schema($$"""
                    { "type": "object",
                      "properties": {
                        "path": {{PathSchema}},
                        "version": {{VersionSchema}}, "description": "An earlier version to read instead of the current content." } },
                      "required": ["path"], "additionalProperties": false }
                    """)),
            new(
                FilesConnector.ListCapability,
                "Lists the files under a directory of the document root, recursively, with each file's path, size and version.",
                RiskTier.Read,
                Schema("""
                    { "type": "object",
                      "properties": {
                        "directory": { "type": "string", "maxLength": 1024,
                          "description": "A directory relative to the root; omit it or give an empty string for the root." } },
                      "additionalProperties": false }
                    """)),
            new(
                FilesConnector.HistoryCapability,
                "Lists the recorded changes of a file, oldest first: each write and delete with its version, previous version, size, token and time.",
                RiskTier.Read,
                Schema($$"""
                    { "type": "object",
                      "properties": { "path": {{PathSchema}} },
                      "required": ["path"], "additionalProperties": false }
                    """)),
        };

        if (!readOnly)
        {
            capabilities.Add(new(
                FilesConnector.WriteCapability,
                "Creates or replaces a text file under the document root, atomically; earlier versions stay readable. Pass expectedVersion to write only if the file still has that version. Returns path, version, size and previousVersion.",
                RiskTier.Internal,
                Schema($$"""
                    { "type": "object",
                      "properties": {
                        "path": {{PathSchema}},
                        "content": { "type": "string", "description": "The new content, as text; it is stored as UTF-8." },
                        "expectedVersion": {{VersionSchema}}, "description": "The version the file must have now; the write fails if it changed." } },
                      "required": ["path", "content"], "additionalProperties": false }
                    """)));
            capabilities.Add(new(
                FilesConnector.DeleteCapability,
                "Deletes a file under the document root; its history and earlier versions stay readable. Returns path and deletedVersion.",
                RiskTier.Internal,
                Schema($$"""
                    { "type": "object",
                      "properties": { "path": {{PathSchema}} },
                      "required": ["path"], "additionalProperties": false }
                    """)));
        }

        return capabilities.AsReadOnly();
    }

    private static JsonElement Schema(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
