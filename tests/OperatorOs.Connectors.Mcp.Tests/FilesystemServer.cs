using System.Text.Json;

namespace OperatorOs.Connectors.Mcp.Tests;

/// <summary>One test's reference filesystem server: an allowed directory, a ledger path, and options that start the server
/// over stdio with read_file, read_text_file and list_directory configured as <see cref="RiskTier.Read"/>.</summary>
internal sealed class FilesystemServer : IDisposable
{
    private readonly TempDirectory _root = new();

    public FilesystemServer()
    {
        Directory.CreateDirectory(AllowedDirectory);
    }

    /// <summary>Gets the directory the server may touch.</summary>
    public string AllowedDirectory => _root.Combine("allowed");

    /// <summary>Gets the path of the connector's token ledger (outside the allowed directory).</summary>
    public string LedgerPath => _root.Combine("mcp-ledger.db");

    /// <summary>Gets a path outside the allowed directory.</summary>
    public string OutsidePath => _root.Combine("outside.txt");

    /// <summary>Returns a path in the allowed directory.</summary>
    public string PathOf(string name) => Path.Combine(AllowedDirectory, name);

    /// <summary>Returns options for a connector over this server; <paramref name="configure"/> may change them.</summary>
    public McpConnectorOptions Options(bool readOnly = false, Action<McpConnectorOptions>? configure = null)
    {
        var options = new McpConnectorOptions
        {
            ServerName = "fs",
            Command = TestServers.Node,
            LedgerPath = LedgerPath,
            ReadOnly = readOnly,
            CallTimeout = TimeSpan.FromSeconds(20),
            StartTimeout = TimeSpan.FromSeconds(20),
        };
        options.Arguments.Add(TestServers.FilesystemServer);
        options.Arguments.Add(AllowedDirectory);
        options.ToolRiskTiers["read_file"] = RiskTier.Read;
        options.ToolRiskTiers["read_text_file"] = RiskTier.Read;
        options.ToolRiskTiers["list_directory"] = RiskTier.Read;
        configure?.Invoke(options);
        return options;
    }

    /// <summary>Creates and starts a connector over this server.</summary>
    public async Task<McpConnector> StartAsync(bool readOnly = false, Action<McpConnectorOptions>? configure = null)
    {
        var connector = new McpConnector(Options(readOnly, configure));
        try
        {
            await connector.StartAsync(TestContext.Current.CancellationToken);
            return connector;
        }
        catch
        {
            await connector.DisposeAsync();
            throw;
        }
    }

    /// <summary>Parses JSON arguments.</summary>
    public static JsonElement Args(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    /// <summary>Builds arguments from name/value pairs of strings.</summary>
    public static JsonElement Args(params (string Name, string Value)[] members) => JsonSerializerArgs(members);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _root.Dispose();
    }

    private static JsonElement JsonSerializerArgs((string Name, string Value)[] members)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach ((string name, string value) in members)
            {
                writer.WriteString(name, value);
            }

            writer.WriteEndObject();
        }

        using JsonDocument document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }
}
