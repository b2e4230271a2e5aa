using System.Text.Json;

namespace OperatorOs.Connectors.Files.Tests;

/// <summary>Runs the shared connector conformance suite against Files connectors over one temporary root per test.</summary>
/// <remarks>Effects are observed in the per-path history logs under <c>.operatoros/history</c>, which record every write and
/// delete with its token independently of the ledger; a lost acknowledgement is a completed write whose ledger entry is gone,
/// as after a crash before step (4) of the write.</remarks>
public sealed class FilesConnectorConformanceTests : ConnectorConformanceTests
{
    private readonly TempDirectory _directory = new();

    private string Root => _directory.Combine("root");

    protected override Task<Connector> CreateConnectorAsync(bool readOnly) =>
        Task.FromResult<Connector>(new FilesConnector(new FilesConnectorOptions { RootPath = Root, ReadOnly = readOnly }));

    protected override (string Capability, JsonElement Arguments) WriteRequest() =>
        (FilesConnector.WriteCapability, ConnectorFixture.Args(new { path = "conformance/note.md", content = "written once" }));

    protected override (string Capability, JsonElement Arguments, string Path) BadArguments() =>
        (FilesConnector.WriteCapability, ConnectorFixture.Args(new { path = "../outside.md", content = "escaped" }), "$.path");

    protected override async Task<int> CountEffectsAsync(OperationToken token)
    {
        string history = Path.Combine(Root, ".operatoros", "history");
        if (!Directory.Exists(history))
        {
            return 0;
        }

        int count = 0;
        foreach (string log in Directory.EnumerateFiles(history, "*.json"))
        {
            using JsonDocument document = JsonDocument.Parse(await File.ReadAllBytesAsync(log, Ct));
            count += document.RootElement.GetProperty("entries").EnumerateArray()
                .Count(e => e.GetProperty("token").GetString() == token.Value);
        }

        return count;
    }

    protected override async Task SimulateLostAcknowledgementAsync(Connector connector, OperationRequest request)
    {
        // The effect and its history entry happen; the crash loses the ledger entry (as in FilesConnectorTests.Idempotency).
        await connector.ExecuteAsync(request, Ct);
        Directory.Delete(Path.Combine(Root, ".operatoros", "ledger"), recursive: true);
    }

    protected override ValueTask DisposeAsyncCore()
    {
        _directory.Dispose();
        return ValueTask.CompletedTask;
    }
}
