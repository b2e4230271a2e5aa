using System.Text.Json;

namespace OperatorOs.Connectors.Mcp.Tests;

/// <summary>Runs the shared connector conformance suite against the real reference filesystem MCP server over stdio.</summary>
/// <remarks>
/// The write request is an <c>edit_file</c> call that inserts one line <c>effect</c> before the marker <c>&lt;end&gt;</c> of
/// <c>effects.log</c> in the server's allowed directory: it succeeds every time and each real call adds a line, so the file
/// itself counts how often the tool ran. Each conformance test executes one write token, so the count is that token's.
/// A lost acknowledgement is the call made by a second connector over the same ledger and directory (the process that
/// crashed after the result was recorded) whose result the caller never saw.
/// </remarks>
public sealed class McpConnectorConformanceTests : ConnectorConformanceTests
{
    private const string Marker = "<end>";
    private readonly FilesystemServer _server = new();

    protected override async Task<Connector> CreateConnectorAsync(bool readOnly)
    {
        if (!File.Exists(EffectsLog))
        {
            await File.WriteAllTextAsync(EffectsLog, Marker, Ct);
        }

        return await _server.StartAsync(readOnly);
    }

    protected override (string Capability, JsonElement Arguments) WriteRequest() =>
        ("mcp.fs.edit_file", FilesystemServer.Args(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["path"] = EffectsLog,
            ["edits"] = new[] { new Dictionary<string, string> { ["oldText"] = Marker, ["newText"] = "effect\n" + Marker } },
        })));

    protected override (string Capability, JsonElement Arguments, string Path) BadArguments() =>
        ("mcp.fs.edit_file", FilesystemServer.Args($$"""{ "path": {{JsonSerializer.Serialize(EffectsLog)}}, "edits": [ { "oldText": 5, "newText": "x" } ] }"""), "$.edits[0].oldText");

    protected override async Task<int> CountEffectsAsync(OperationToken token)
    {
        string text = File.Exists(EffectsLog) ? await File.ReadAllTextAsync(EffectsLog, Ct) : string.Empty;
        return text.Split('\n').Count(line => line == "effect");
    }

    protected override async Task SimulateLostAcknowledgementAsync(Connector connector, OperationRequest request)
    {
        await using McpConnector crashed = await _server.StartAsync();
        _ = await crashed.ExecuteAsync(request, Ct);
    }

    protected override ValueTask DisposeAsyncCore()
    {
        _server.Dispose();
        return ValueTask.CompletedTask;
    }

    private string EffectsLog => _server.PathOf("effects.log");
}
