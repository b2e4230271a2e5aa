namespace OperatorOs.Connectors.Mcp.Tests;

/// <summary>Finds Node.js and the MCP servers the tests start: the reference filesystem server installed from npm into
/// <c>tests/OperatorOs.Connectors.Mcp.Tests/npm</c>, and the misbehaving server in <c>servers/</c>.</summary>
/// <remarks>When something is missing the tests fail (not skip) with a message saying how to install it.</remarks>
internal static class TestServers
{
    private const string InstallHint = "Run .ci/install-servers from the repository root (it runs 'npm ci' in tests/*/npm).";

    private static readonly Lazy<string> s_projectDirectory = new(FindProjectDirectory);
    private static readonly Lazy<string> s_node = new(FindNode);

    /// <summary>Gets the full path of the <c>node</c> executable.</summary>
    public static string Node => s_node.Value;

    /// <summary>Gets the entry point of <c>@modelcontextprotocol/server-filesystem</c>.</summary>
    public static string FilesystemServer
    {
        get
        {
            string entry = Path.Combine(s_projectDirectory.Value, "npm", "node_modules", "@modelcontextprotocol", "server-filesystem", "dist", "index.js");
            Assert.True(File.Exists(entry), $"The reference MCP filesystem server is not installed: {entry} is missing. {InstallHint}");
            return entry;
        }
    }

    /// <summary>Gets the misbehaving server script.</summary>
    public static string MisbehavingServer => Path.Combine(s_projectDirectory.Value, "servers", "misbehaving-server.mjs");

    // The test assembly runs from tests/OperatorOs.Connectors.Mcp.Tests/bin/<configuration>/net10.0: walk up to the repository root.
    private static string FindProjectDirectory()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "OperatorOs.sln")))
            {
                return Path.Combine(directory.FullName, "tests", "OperatorOs.Connectors.Mcp.Tests");
            }
        }

        Assert.Fail($"Cannot find the repository root (OperatorOs.sln) above {AppContext.BaseDirectory}.");
        return string.Empty;
    }

    private static string FindNode()
    {
        foreach (string directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(directory, OperatingSystem.IsWindows() ? "node.exe" : "node");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        Assert.Fail($"Node.js ('node') is not on PATH; the MCP connector tests run the reference MCP servers with it. Install Node.js 20 or later, then {InstallHint}");
        return string.Empty;
    }
}
