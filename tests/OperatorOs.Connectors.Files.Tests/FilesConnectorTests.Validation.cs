using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FsCheck.Xunit;

namespace OperatorOs.Connectors.Files.Tests;

public sealed partial class FilesConnectorTests
{
    private static readonly string[] s_pathFragments =
        ["a", "b.txt", "/", "/", "..", ".", "", "\\", ":", "C:", "\0", "\n", ".operatoros", "~", " ", "nul", "%2e%2e", "\u00e9", "\ud83d\ude00", "\ud800", "//", "../", "./", "*"];

    [Theory]
    [InlineData("../x")]
    [InlineData("/etc/passwd")]
    [InlineData("a/../../b")]
    [InlineData("a/..")]
    [InlineData("a\\b")]
    [InlineData("..\\x")]
    [InlineData(".operatoros/x")]
    [InlineData(".OperatorOs/ledger/x.json")]
    [InlineData(".operatoros")]
    [InlineData("")]
    [InlineData("C:/Windows/win.ini")]
    [InlineData("C:x")]
    [InlineData("a//b")]
    [InlineData("a/")]
    [InlineData("./a")]
    [InlineData("a/./b")]
    [InlineData("a\0b")]
    [InlineData("a\nb")]
    [InlineData("nul")]
    [InlineData("dir/COM1.txt")]
    [InlineData("trailing.")]
    [InlineData("x.opos-tmp")]
    [InlineData("dir/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.txt")]
    public void ValidateArguments_UnsafePath_ThrowsNamingPath(string path)
    {
        using var fixture = new ConnectorFixture();

        foreach (string capability in new[] { FilesConnector.ReadCapability, FilesConnector.WriteCapability, FilesConnector.DeleteCapability, FilesConnector.HistoryCapability })
        {
            ConnectorArgumentException ex = Assert.Throws<ConnectorArgumentException>(
                () => fixture.Connector.ValidateArguments(capability, ConnectorFixture.Args(new JsonObject { ["path"] = path, ["content"] = "x" }.Where(capability))));

            Assert.Equal("$.path", ex.Path);
            Assert.Equal(capability, ex.Capability);
            Assert.Contains("$.path", ex.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("../escape.txt")]
    [InlineData("/tmp/escape.txt")]
    [InlineData("a/../../escape.txt")]
    [InlineData(".operatoros/objects/x")]
    public async Task ExecuteAsync_UnsafeWritePath_ThrowsBeforeAnyIo(string path)
    {
        using var fixture = new ConnectorFixture();

        ConnectorArgumentException ex = await Assert.ThrowsAsync<ConnectorArgumentException>(() => fixture.WriteAsync(path, "x", "w1"));

        Assert.Equal("$.path", ex.Path);
        Assert.False(Directory.Exists(fixture.Root));
        Assert.False(File.Exists(fixture.Directory.Combine("escape.txt")));
    }

    [Theory]
    [InlineData("a.txt")]
    [InlineData("notes/2025/plan.md")]
    [InlineData(".hidden")]
    [InlineData("a/.operatoros/x")]
    [InlineData("...a")]
    [InlineData("émoji 😀.txt")]
    [InlineData("space in name.txt")]
    public void ValidateArguments_SafePath_Accepts(string path)
    {
        using var fixture = new ConnectorFixture();

        fixture.Connector.ValidateArguments(FilesConnector.WriteCapability, ConnectorFixture.Args(new { path, content = "x" }));
    }

    [Fact]
    public void ValidateArguments_ContentIsNumber_ThrowsNamingContent()
    {
        using var fixture = new ConnectorFixture();

        ConnectorArgumentException ex = Assert.Throws<ConnectorArgumentException>(
            () => fixture.Connector.ValidateArguments(FilesConnector.WriteCapability, ConnectorFixture.Args(new { path = "a.txt", content = 42 })));

        Assert.Equal("$.content", ex.Path);
        Assert.Contains("a number", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(FilesConnector.ReadCapability)]
    [InlineData(FilesConnector.WriteCapability)]
    [InlineData(FilesConnector.DeleteCapability)]
    [InlineData(FilesConnector.HistoryCapability)]
    public void ValidateArguments_MissingPath_ThrowsNamingPath(string capability)
    {
        using var fixture = new ConnectorFixture();

        ConnectorArgumentException ex = Assert.Throws<ConnectorArgumentException>(
            () => fixture.Connector.ValidateArguments(capability, ConnectorFixture.Args(new JsonObject { ["content"] = "x" }.Where(capability))));

        Assert.Equal("$.path", ex.Path);
        Assert.Contains("required", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateArguments_MissingContent_ThrowsNamingContent()
    {
        using var fixture = new ConnectorFixture();

        ConnectorArgumentException ex = Assert.Throws<ConnectorArgumentException>(
            () => fixture.Connector.ValidateArguments(FilesConnector.WriteCapability, ConnectorFixture.Args(new { path = "a.txt" })));

        Assert.Equal("$.content", ex.Path);
    }

    [Fact]
    public void ValidateArguments_PathIsArray_ThrowsNamingPath()
    {
        using var fixture = new ConnectorFixture();

        ConnectorArgumentException ex = Assert.Throws<ConnectorArgumentException>(
            () => fixture.Connector.ValidateArguments(FilesConnector.ReadCapability, ConnectorFixture.Args(new { path = new[] { "a" } })));

        Assert.Equal("$.path", ex.Path);
    }

    [Fact]
    public void ValidateArguments_UnknownMember_ThrowsNamingMember()
    {
        using var fixture = new ConnectorFixture();

        ConnectorArgumentException ex = Assert.Throws<ConnectorArgumentException>(
            () => fixture.Connector.ValidateArguments(FilesConnector.ReadCapability, ConnectorFixture.Args(new { path = "a.txt", file = "b.txt" })));

        Assert.Equal("$.file", ex.Path);
    }

    [Fact]
    public void ValidateArguments_DuplicateMember_ThrowsNamingMember()
    {
        using var fixture = new ConnectorFixture();
        using JsonDocument arguments = JsonDocument.Parse("""{ "path": "a.txt", "path": "../b.txt" }""");

        ConnectorArgumentException ex = Assert.Throws<ConnectorArgumentException>(
            () => fixture.Connector.ValidateArguments(FilesConnector.ReadCapability, arguments.RootElement));

        Assert.Equal("$.path", ex.Path);
    }

    [Fact]
    public void ValidateArguments_NotAnObject_ThrowsAtRoot()
    {
        using var fixture = new ConnectorFixture();

        ConnectorArgumentException ex = Assert.Throws<ConnectorArgumentException>(
            () => fixture.Connector.ValidateArguments(FilesConnector.ReadCapability, ConnectorFixture.Args(new[] { "a.txt" })));

        Assert.Equal("$", ex.Path);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789")]
    public void ValidateArguments_MalformedVersion_ThrowsNamingVersion(string version)
    {
        using var fixture = new ConnectorFixture();

        ConnectorArgumentException read = Assert.Throws<ConnectorArgumentException>(
            () => fixture.Connector.ValidateArguments(FilesConnector.ReadCapability, ConnectorFixture.Args(new { path = "a.txt", version })));
        ConnectorArgumentException write = Assert.Throws<ConnectorArgumentException>(
            () => fixture.Connector.ValidateArguments(FilesConnector.WriteCapability, ConnectorFixture.Args(new { path = "a.txt", content = "x", expectedVersion = version })));

        Assert.Equal("$.version", read.Path);
        Assert.Equal("$.expectedVersion", write.Path);
    }

    [Fact]
    public void ValidateArguments_ContentOverLimit_ThrowsNamingContent()
    {
        using var fixture = new ConnectorFixture(maxFileBytes: 4);

        fixture.Connector.ValidateArguments(FilesConnector.WriteCapability, ConnectorFixture.Args(new { path = "a.txt", content = "1234" }));
        ConnectorArgumentException ex = Assert.Throws<ConnectorArgumentException>(
            () => fixture.Connector.ValidateArguments(FilesConnector.WriteCapability, ConnectorFixture.Args(new { path = "a.txt", content = "123é" })));

        Assert.Equal("$.content", ex.Path);
    }

    [Fact]
    public void ValidateArguments_ContentWithUnpairedSurrogate_ThrowsNamingContent()
    {
        using var fixture = new ConnectorFixture();
        using JsonDocument arguments = JsonDocument.Parse("""{ "path": "a.txt", "content": "bad \ud800 text" }""");

        ConnectorArgumentException ex = Assert.Throws<ConnectorArgumentException>(
            () => fixture.Connector.ValidateArguments(FilesConnector.WriteCapability, arguments.RootElement));

        Assert.Equal("$.content", ex.Path);
    }

    [Fact]
    public void ValidateArguments_ListDirectoryEscapes_ThrowsNamingDirectory()
    {
        using var fixture = new ConnectorFixture();

        fixture.Connector.ValidateArguments(FilesConnector.ListCapability, ConnectorFixture.Args(new { directory = "" }));
        ConnectorArgumentException ex = Assert.Throws<ConnectorArgumentException>(
            () => fixture.Connector.ValidateArguments(FilesConnector.ListCapability, ConnectorFixture.Args(new { directory = "../" })));

        Assert.Equal("$.directory", ex.Path);
    }

    [Fact]
    public void ValidateArguments_UnknownCapability_ThrowsUnknownCapabilityException()
    {
        using var fixture = new ConnectorFixture();

        Assert.Throws<UnknownCapabilityException>(() => fixture.Connector.ValidateArguments("files.move", ConnectorFixture.Args(new { path = "a" })));
    }

    [Fact]
    public async Task ExecuteAsync_WriteThroughDirectorySymlinkPointingOutside_RejectsAndWritesNothingOutside()
    {
        using var fixture = new ConnectorFixture();
        string outside = fixture.Directory.Combine("outside");
        Directory.CreateDirectory(outside);
        Directory.CreateDirectory(fixture.Root);
        Directory.CreateSymbolicLink(Path.Combine(fixture.Root, "link"), outside);

        ConnectorArgumentException write = await Assert.ThrowsAsync<ConnectorArgumentException>(() => fixture.WriteAsync("link/x.txt", "escaped", "w1"));
        ConnectorArgumentException list = await Assert.ThrowsAsync<ConnectorArgumentException>(
            () => fixture.ExecuteAsync(FilesConnector.ListCapability, new { directory = "link" }, "l1", TestContext.Current.CancellationToken));

        Assert.Equal("$.path", write.Path);
        Assert.Contains("symbolic link", write.Message, StringComparison.Ordinal);
        Assert.Equal("$.directory", list.Path);
        Assert.Empty(Directory.EnumerateFileSystemEntries(outside));
        Assert.False(Directory.Exists(Path.Combine(fixture.Root, ".operatoros")));
    }

    [Fact]
    public async Task ExecuteAsync_FileSymlinkPointingOutside_RejectsReadWriteAndDelete()
    {
        using var fixture = new ConnectorFixture();
        string secret = fixture.Directory.Combine("secret.txt");
        await File.WriteAllTextAsync(secret, "secret", TestContext.Current.CancellationToken);
        Directory.CreateDirectory(fixture.Root);
        File.CreateSymbolicLink(Path.Combine(fixture.Root, "f.txt"), secret);

        await Assert.ThrowsAsync<ConnectorArgumentException>(() => fixture.ReadAsync("f.txt"));
        await Assert.ThrowsAsync<ConnectorArgumentException>(() => fixture.WriteAsync("f.txt", "overwritten", "w1"));
        await Assert.ThrowsAsync<ConnectorArgumentException>(
            () => fixture.ExecuteAsync(FilesConnector.DeleteCapability, new { path = "f.txt" }, "d1", TestContext.Current.CancellationToken));

        Assert.Equal("secret", await File.ReadAllTextAsync(secret, TestContext.Current.CancellationToken));
        Assert.True(File.Exists(Path.Combine(fixture.Root, "f.txt")));
    }

    [Fact]
    public async Task ExecuteAsync_ListWithSymlinks_SkipsLinks()
    {
        using var fixture = new ConnectorFixture();
        string outside = fixture.Directory.Combine("outside");
        Directory.CreateDirectory(outside);
        await File.WriteAllTextAsync(Path.Combine(outside, "secret.txt"), "secret", TestContext.Current.CancellationToken);
        await fixture.WriteAsync("a.txt", "a", "w1");
        Directory.CreateSymbolicLink(Path.Combine(fixture.Root, "link"), outside);
        File.CreateSymbolicLink(Path.Combine(fixture.Root, "f.txt"), Path.Combine(outside, "secret.txt"));

        OperationResult all = await fixture.ExecuteAsync(FilesConnector.ListCapability, new { }, "l1", TestContext.Current.CancellationToken);

        Assert.Equal(["a.txt"], all.Output.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("path").GetString()));
    }

    [Property(MaxTest = 300)]
    public void ValidateArguments_ArbitraryString_AcceptsOnlyPathsUnderRoot(string path)
    {
        AssertAcceptedPathsStayUnderRoot(path);
    }

    [Property(MaxTest = 500)]
    public void ValidateArguments_PathLikeString_AcceptsOnlyPathsUnderRoot(int[] picks)
    {
        string path = string.Concat((picks ?? []).Select(i => s_pathFragments[Math.Abs(i % s_pathFragments.Length)]));
        AssertAcceptedPathsStayUnderRoot(path);
    }

    private static void AssertAcceptedPathsStayUnderRoot(string? path)
    {
        using var temp = new TempDirectory();
        using var connector = new FilesConnector(new FilesConnectorOptions { RootPath = temp.Path });

        // Escape every character so even unpaired surrogates reach the connector as JSON text.
        var json = new StringBuilder("{\"path\":");
        if (path is null)
        {
            json.Append("null");
        }
        else
        {
            json.Append('"');
            foreach (char c in path)
            {
                json.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
            }

            json.Append('"');
        }

        using JsonDocument arguments = JsonDocument.Parse(json.Append('}').ToString());
        try
        {
            connector.ValidateArguments(FilesConnector.ReadCapability, arguments.RootElement);
        }
        catch (ConnectorArgumentException ex)
        {
            Assert.Equal("$.path", ex.Path);
            return;
        }

        Assert.NotNull(path);
        string full = Path.GetFullPath(Path.Join(connector.RootPath, path));
        Assert.StartsWith(connector.RootPath + Path.DirectorySeparatorChar, full, StringComparison.Ordinal);
        string store = Path.Combine(connector.RootPath, ".operatoros");
        Assert.False(
            string.Equals(full, store, StringComparison.OrdinalIgnoreCase) || full.StartsWith(store + Path.DirectorySeparatorChar, StringComparison.OrdinalIgnoreCase),
            $"'{path}' resolves into the hidden store.");
    }
}
