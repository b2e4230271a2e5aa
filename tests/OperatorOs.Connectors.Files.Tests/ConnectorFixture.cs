using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;

namespace OperatorOs.Connectors.Files.Tests;

/// <summary>A Files connector over its own temporary root, with a fake clock and helpers to call it.</summary>
internal sealed class ConnectorFixture : IDisposable
{
    public ConnectorFixture(bool readOnly = false, int maxFileBytes = 10 * 1024 * 1024, TempDirectory? directory = null)
    {
        Directory = directory ?? new TempDirectory();
        Root = Directory.Combine("root");
        Time = new FakeTimeProvider(new DateTimeOffset(2025, 11, 23, 12, 0, 0, TimeSpan.Zero));
        Connector = new FilesConnector(new FilesConnectorOptions { RootPath = Root, ReadOnly = readOnly, MaxFileBytes = maxFileBytes }, Time);
    }

    public TempDirectory Directory { get; }

    public string Root { get; }

    public FakeTimeProvider Time { get; }

    public FilesConnector Connector { get; }

    public static JsonElement Args(object arguments) => JsonSerializer.SerializeToElement(arguments);

    public static JsonElement Args(JsonObject arguments) => JsonSerializer.SerializeToElement(arguments);

    public Task<OperationResult> ExecuteAsync(string capability, object arguments, string token, CancellationToken cancellationToken = default) =>
        Connector.ExecuteAsync(new OperationRequest(capability, Args(arguments), new OperationToken(token)), cancellationToken);

    public Task<OperationResult> WriteAsync(string path, string content, string token, string? expectedVersion = null) =>
        ExecuteAsync(FilesConnector.WriteCapability, expectedVersion is null ? new { path, content } : new { path, content, expectedVersion }, token, TestContext.Current.CancellationToken);

    public Task<OperationResult> ReadAsync(string path, string? version = null) =>
        ExecuteAsync(FilesConnector.ReadCapability, version is null ? new { path } : new { path, version }, "read-" + Guid.NewGuid().ToString("N"), TestContext.Current.CancellationToken);

    public async Task<JsonElement[]> HistoryAsync(string path)
    {
        OperationResult result = await ExecuteAsync(FilesConnector.HistoryCapability, new { path }, "history-" + Guid.NewGuid().ToString("N"), TestContext.Current.CancellationToken);
        return [.. result.Output.GetProperty("versions").EnumerateArray()];
    }

    public string LedgerDirectory => Path.Combine(Root, ".operatoros", "ledger");

    public string HistoryDirectory => Path.Combine(Root, ".operatoros", "history");

    public string[] UserFiles() => System.IO.Directory.Exists(Root)
        ? [.. System.IO.Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Root, f).Replace('\\', '/'))
            .Where(f => !f.StartsWith(".operatoros/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)]
        : [];

    public void Dispose()
    {
        Connector.Dispose();
        Directory.Dispose();
    }
}
