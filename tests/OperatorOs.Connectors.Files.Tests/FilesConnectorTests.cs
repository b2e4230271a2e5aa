using System.Text;
using System.Text.Json;

namespace OperatorOs.Connectors.Files.Tests;

public sealed partial class FilesConnectorTests
{
    private static string Sha256(string text) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    [Fact]
    public void Constructor_NullOptions_ThrowsArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => new FilesConnector(null!, TimeProvider.System));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Constructor_MissingRootPath_ThrowsArgumentException(string? root)
    {
        ArgumentException ex = Assert.Throws<ArgumentException>(() => new FilesConnector(new FilesConnectorOptions { RootPath = root }));
        Assert.Contains("RootPath", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_NonPositiveMaxFileBytes_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => new FilesConnector(new FilesConnectorOptions { RootPath = "x", MaxFileBytes = 0 }));
    }

    [Fact]
    public void Constructor_ValidOptions_DoesNoIo()
    {
        using var temp = new TempDirectory();
        string root = temp.Combine("not-yet");

        using var connector = new FilesConnector(new FilesConnectorOptions { RootPath = root });

        Assert.Equal("files", connector.Name);
        Assert.Equal(root, connector.RootPath);
        Assert.False(Directory.Exists(root));
    }

    [Fact]
    public void Capabilities_Default_OffersReadsAndEffectsWithSchemas()
    {
        using var fixture = new ConnectorFixture();

        Dictionary<string, CapabilityDescriptor> byName = fixture.Connector.Capabilities.ToDictionary(c => c.Name);

        Assert.Equal(
            ["files.delete", "files.history", "files.list", "files.read", "files.write"],
            byName.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(RiskTier.Read, byName["files.read"].RiskTier);
        Assert.Equal(RiskTier.Read, byName["files.list"].RiskTier);
        Assert.Equal(RiskTier.Read, byName["files.history"].RiskTier);
        Assert.Equal(RiskTier.Internal, byName["files.write"].RiskTier);
        Assert.Equal(RiskTier.Internal, byName["files.delete"].RiskTier);
        JsonElement write = byName["files.write"].ArgumentsSchema;
        Assert.Equal("object", write.GetProperty("type").GetString());
        Assert.Equal(["path", "content"], write.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("string", write.GetProperty("properties").GetProperty("expectedVersion").GetProperty("type").GetString());
        Assert.False(write.GetProperty("additionalProperties").GetBoolean());
    }

    [Fact]
    public void Capabilities_ReadOnly_HidesWriteAndDelete()
    {
        using var fixture = new ConnectorFixture(readOnly: true);

        Assert.Equal(
            ["files.history", "files.list", "files.read"],
            fixture.Connector.Capabilities.Select(c => c.Name).Order(StringComparer.Ordinal));
        Assert.All(fixture.Connector.Capabilities, c => Assert.True(c.IsReadOnly));
    }

    [Theory]
    [InlineData(FilesConnector.WriteCapability)]
    [InlineData(FilesConnector.DeleteCapability)]
    public async Task ExecuteAsync_ReadOnlyEffect_ThrowsUnknownCapabilityAndWritesNothing(string capability)
    {
        using var fixture = new ConnectorFixture(readOnly: true);

        UnknownCapabilityException ex = await Assert.ThrowsAsync<UnknownCapabilityException>(
            () => fixture.ExecuteAsync(capability, new { path = "a.txt", content = "x" }, "t1", TestContext.Current.CancellationToken));

        Assert.Equal(capability, ex.Capability);
        Assert.False(Directory.Exists(fixture.Root));
    }

    [Fact]
    public async Task ExecuteAsync_UnknownCapability_ThrowsUnknownCapabilityException()
    {
        using var fixture = new ConnectorFixture();

        await Assert.ThrowsAsync<UnknownCapabilityException>(
            () => fixture.ExecuteAsync("files.move", new { path = "a.txt" }, "t1", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ExecuteAsync_WriteThenRead_ReturnsContentVersionAndSize()
    {
        using var fixture = new ConnectorFixture();
        const string content = "# Plan\nShip it — ✓\n";

        OperationResult written = await fixture.WriteAsync("notes/plan.md", content, "w1");
        OperationResult read = await fixture.ReadAsync("notes/plan.md");

        string version = Sha256(content);
        int size = Encoding.UTF8.GetByteCount(content);
        Assert.Equal(FilesConnector.WriteCapability, written.Capability);
        Assert.Equal("notes/plan.md", written.Output.GetProperty("path").GetString());
        Assert.Equal(version, written.Output.GetProperty("version").GetString());
        Assert.Equal(size, written.Output.GetProperty("size").GetInt32());
        Assert.Equal(JsonValueKind.Null, written.Output.GetProperty("previousVersion").ValueKind);
        Assert.Equal(fixture.Time.GetUtcNow(), written.CompletedAt);
        Assert.Contains("notes/plan.md", written.Summary, StringComparison.Ordinal);
        Assert.Equal(content, read.Output.GetProperty("content").GetString());
        Assert.Equal(version, read.Output.GetProperty("version").GetString());
        Assert.Equal(size, read.Output.GetProperty("size").GetInt32());
        Assert.Equal(content, await File.ReadAllTextAsync(Path.Combine(fixture.Root, "notes", "plan.md"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ExecuteAsync_Overwrite_ReportsPreviousVersionAndLeavesNoTempFiles()
    {
        using var fixture = new ConnectorFixture();

        await fixture.WriteAsync("a.txt", "one", "w1");
        OperationResult second = await fixture.WriteAsync("a.txt", "two", "w2");

        Assert.Equal(Sha256("one"), second.Output.GetProperty("previousVersion").GetString());
        Assert.Equal(Sha256("two"), second.Output.GetProperty("version").GetString());
        Assert.Equal(["a.txt"], fixture.UserFiles());
    }

    [Fact]
    public async Task ExecuteAsync_SeveralWrites_HistoryListsVersionsOldestFirst()
    {
        using var fixture = new ConnectorFixture();

        await fixture.WriteAsync("a.txt", "one", "w1");
        fixture.Time.Advance(TimeSpan.FromMinutes(1));
        await fixture.WriteAsync("a.txt", "two", "w2");
        fixture.Time.Advance(TimeSpan.FromMinutes(1));
        await fixture.WriteAsync("a.txt", "three", "w3");
        JsonElement[] history = await fixture.HistoryAsync("a.txt");

        Assert.Equal([Sha256("one"), Sha256("two"), Sha256("three")], history.Select(e => e.GetProperty("version").GetString()));
        Assert.Equal(["w1", "w2", "w3"], history.Select(e => e.GetProperty("token").GetString()));
        Assert.All(history, e => Assert.Equal("write", e.GetProperty("operation").GetString()));
        Assert.True(history[0].GetProperty("recordedAt").GetDateTimeOffset() < history[2].GetProperty("recordedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task ExecuteAsync_HistoryOfUnknownPath_ReturnsEmpty()
    {
        using var fixture = new ConnectorFixture();

        Assert.Empty(await fixture.HistoryAsync("never.txt"));
    }

    [Fact]
    public async Task ExecuteAsync_ReadOldVersion_ReturnsOldContent()
    {
        using var fixture = new ConnectorFixture();
        OperationResult first = await fixture.WriteAsync("a.txt", "one", "w1");
        await fixture.WriteAsync("a.txt", "two", "w2");

        OperationResult read = await fixture.ReadAsync("a.txt", first.Output.GetProperty("version").GetString());

        Assert.Equal("one", read.Output.GetProperty("content").GetString());
        Assert.Equal(Sha256("one"), read.Output.GetProperty("version").GetString());
    }

    [Fact]
    public async Task ExecuteAsync_ReadVersionOfAnotherPath_ThrowsConnectorException()
    {
        using var fixture = new ConnectorFixture();
        await fixture.WriteAsync("secret.txt", "secret", "w1");
        await fixture.WriteAsync("a.txt", "one", "w2");

        ConnectorException ex = await Assert.ThrowsAsync<ConnectorException>(() => fixture.ReadAsync("a.txt", Sha256("secret")));

        Assert.False(ex.IsTransient);
    }

    [Fact]
    public async Task ExecuteAsync_ReadMissingFile_ThrowsNonTransientConnectorException()
    {
        using var fixture = new ConnectorFixture();

        ConnectorException ex = await Assert.ThrowsAsync<ConnectorException>(() => fixture.ReadAsync("missing.txt"));

        Assert.False(ex.IsTransient);
        Assert.Contains("does not exist", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_ReadFileLargerThanLimit_ThrowsNonTransientConnectorException()
    {
        using var fixture = new ConnectorFixture(maxFileBytes: 4);
        Directory.CreateDirectory(fixture.Root);
        await File.WriteAllTextAsync(Path.Combine(fixture.Root, "big.txt"), "12345", TestContext.Current.CancellationToken);

        ConnectorException ex = await Assert.ThrowsAsync<ConnectorException>(() => fixture.ReadAsync("big.txt"));

        Assert.False(ex.IsTransient);
    }

    [Fact]
    public async Task ExecuteAsync_ReadFileWrittenOutsideConnector_ReturnsItsHash()
    {
        using var fixture = new ConnectorFixture();
        Directory.CreateDirectory(fixture.Root);
        await File.WriteAllTextAsync(Path.Combine(fixture.Root, "outside.txt"), "hello", TestContext.Current.CancellationToken);

        OperationResult read = await fixture.ReadAsync("outside.txt");

        Assert.Equal(Sha256("hello"), read.Output.GetProperty("version").GetString());
    }

    [Fact]
    public async Task ExecuteAsync_Delete_RemovesFileAndKeepsHistory()
    {
        using var fixture = new ConnectorFixture();
        await fixture.WriteAsync("a.txt", "one", "w1");

        OperationResult deleted = await fixture.ExecuteAsync(FilesConnector.DeleteCapability, new { path = "a.txt" }, "d1", TestContext.Current.CancellationToken);
        JsonElement[] history = await fixture.HistoryAsync("a.txt");
        OperationResult old = await fixture.ReadAsync("a.txt", Sha256("one"));

        Assert.Equal(Sha256("one"), deleted.Output.GetProperty("deletedVersion").GetString());
        Assert.False(File.Exists(Path.Combine(fixture.Root, "a.txt")));
        Assert.Equal(["write", "delete"], history.Select(e => e.GetProperty("operation").GetString()));
        Assert.Equal("one", old.Output.GetProperty("content").GetString());
        await Assert.ThrowsAsync<ConnectorException>(() => fixture.ReadAsync("a.txt"));
    }

    [Fact]
    public async Task ExecuteAsync_DeleteFileWrittenOutsideConnector_KeepsDeletedVersionReadable()
    {
        using var fixture = new ConnectorFixture();
        Directory.CreateDirectory(fixture.Root);
        await File.WriteAllTextAsync(Path.Combine(fixture.Root, "outside.txt"), "external", TestContext.Current.CancellationToken);

        await fixture.ExecuteAsync(FilesConnector.DeleteCapability, new { path = "outside.txt" }, "d1", TestContext.Current.CancellationToken);
        OperationResult old = await fixture.ReadAsync("outside.txt", Sha256("external"));

        Assert.Equal("external", old.Output.GetProperty("content").GetString());
    }

    [Fact]
    public async Task ExecuteAsync_DeleteMissingFile_SucceedsWithNullVersion()
    {
        using var fixture = new ConnectorFixture();

        OperationResult deleted = await fixture.ExecuteAsync(FilesConnector.DeleteCapability, new { path = "missing.txt" }, "d1", TestContext.Current.CancellationToken);

        Assert.Equal(JsonValueKind.Null, deleted.Output.GetProperty("deletedVersion").ValueKind);
        Assert.Empty(await fixture.HistoryAsync("missing.txt"));
    }

    [Fact]
    public async Task ExecuteAsync_WriteOntoDirectory_ThrowsNonTransientConnectorException()
    {
        using var fixture = new ConnectorFixture();
        Directory.CreateDirectory(Path.Combine(fixture.Root, "dir"));

        ConnectorException ex = await Assert.ThrowsAsync<ConnectorException>(() => fixture.WriteAsync("dir", "x", "w1"));

        Assert.False(ex.IsTransient);
    }

    [Fact]
    public async Task ExecuteAsync_WriteUnderAFile_ThrowsNonTransientConnectorException()
    {
        using var fixture = new ConnectorFixture();
        await fixture.WriteAsync("a.txt", "x", "w1");

        ConnectorException ex = await Assert.ThrowsAsync<ConnectorException>(() => fixture.WriteAsync("a.txt/b.txt", "y", "w2"));

        Assert.False(ex.IsTransient);
    }

    [Fact]
    public async Task ExecuteAsync_List_ReturnsFilesRecursivelySortedWithoutHiddenStore()
    {
        using var fixture = new ConnectorFixture();
        await fixture.WriteAsync("b.txt", "b", "w1");
        await fixture.WriteAsync("a/z.txt", "z", "w2");
        await fixture.WriteAsync("a/c/d.txt", "d", "w3");

        OperationResult all = await fixture.ExecuteAsync(FilesConnector.ListCapability, new { }, "l1", TestContext.Current.CancellationToken);
        OperationResult sub = await fixture.ExecuteAsync(FilesConnector.ListCapability, new { directory = "a" }, "l2", TestContext.Current.CancellationToken);

        JsonElement[] entries = [.. all.Output.GetProperty("entries").EnumerateArray()];
        Assert.Equal(["a/c/d.txt", "a/z.txt", "b.txt"], entries.Select(e => e.GetProperty("path").GetString()));
        Assert.Equal(Sha256("d"), entries[0].GetProperty("version").GetString());
        Assert.Equal(1, entries[0].GetProperty("size").GetInt32());
        Assert.Equal(["a/c/d.txt", "a/z.txt"], sub.Output.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("path").GetString()));
    }

    [Fact]
    public async Task ExecuteAsync_ListMissingRoot_ReturnsEmpty()
    {
        using var fixture = new ConnectorFixture();

        OperationResult all = await fixture.ExecuteAsync(FilesConnector.ListCapability, new { }, "l1", TestContext.Current.CancellationToken);

        Assert.Empty(all.Output.GetProperty("entries").EnumerateArray());
        Assert.False(Directory.Exists(fixture.Root));
    }

    [Fact]
    public async Task ExecuteAsync_ReadsOnReadOnlyConnector_WriteNothingToDisk()
    {
        using var writer = new ConnectorFixture();
        await writer.WriteAsync("a.txt", "one", "w1");
        string[] before = [.. Directory.EnumerateFileSystemEntries(writer.Root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];
        using var reader = new FilesConnector(new FilesConnectorOptions { RootPath = writer.Root, ReadOnly = true });

        OperationResult read = await reader.ExecuteAsync(new OperationRequest(FilesConnector.ReadCapability, ConnectorFixture.Args(new { path = "a.txt" }), new OperationToken("r1")), TestContext.Current.CancellationToken);
        OperationStatus status = await reader.GetStatusAsync(new OperationToken("r1"), TestContext.Current.CancellationToken);

        Assert.Equal("one", read.Output.GetProperty("content").GetString());
        Assert.Equal(OperationState.NotFound, status.State);
        Assert.Equal(before, Directory.EnumerateFileSystemEntries(writer.Root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ExecuteAsync_PreCancelledToken_ThrowsOperationCanceledAndWritesNothing()
    {
        using var fixture = new ConnectorFixture();
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => fixture.ExecuteAsync(FilesConnector.WriteCapability, new { path = "a.txt", content = "x" }, "w1", cts.Token));

        Assert.False(Directory.Exists(fixture.Root));
        OperationStatus status = await fixture.Connector.GetStatusAsync(new OperationToken("w1"), TestContext.Current.CancellationToken);
        Assert.Equal(OperationState.NotFound, status.State);
    }

    [Fact]
    public async Task ExecuteAsync_AfterDispose_ThrowsObjectDisposedException()
    {
        using var fixture = new ConnectorFixture();
        fixture.Connector.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => fixture.WriteAsync("a.txt", "x", "w1"));
    }

    [Fact]
    public void GetService_Options_ReturnsCopyOfSettings()
    {
        using var fixture = new ConnectorFixture(readOnly: true, maxFileBytes: 1234);

        var options = Assert.IsType<FilesConnectorOptions>(fixture.Connector.GetService(typeof(FilesConnectorOptions)));

        Assert.Equal(fixture.Root, options.RootPath);
        Assert.True(options.ReadOnly);
        Assert.Equal(1234, options.MaxFileBytes);
        Assert.Same(fixture.Connector, fixture.Connector.GetService(typeof(Connector)));
        Assert.Null(fixture.Connector.GetService(typeof(FilesConnectorOptions), "key"));
    }
}
