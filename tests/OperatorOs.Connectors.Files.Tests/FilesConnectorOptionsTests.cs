namespace OperatorOs.Connectors.Files.Tests;

public sealed class FilesConnectorOptionsTests
{
    [Fact]
    public void Constructor_Defaults_AreDocumentedValues()
    {
        var options = new FilesConnectorOptions();

        Assert.Null(options.RootPath);
        Assert.False(options.ReadOnly);
        Assert.Equal(10 * 1024 * 1024, options.MaxFileBytes);
    }

    [Fact]
    public async Task RootPath_ChangedAfterConnectorCreated_DoesNotAffectConnector()
    {
        using var temp = new TempDirectory();
        var options = new FilesConnectorOptions { RootPath = temp.Combine("first") };
        using var connector = new FilesConnector(options);

        options.RootPath = temp.Combine("second");
        options.ReadOnly = true;
        await connector.ExecuteAsync(
            new OperationRequest(FilesConnector.WriteCapability, ConnectorFixture.Args(new { path = "a.txt", content = "x" }), new OperationToken("w1")),
            TestContext.Current.CancellationToken);

        Assert.True(File.Exists(temp.Combine("first", "a.txt")));
        Assert.False(Directory.Exists(temp.Combine("second")));
    }
}
