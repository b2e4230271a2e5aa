namespace OperatorOs.Kernel.Tests.Flows;

public sealed class ConnectorCallLogTests
{
    [Fact]
    public void RepeatedWork_KilledMidCallThenAskedAndPresentedAgain_FindsNothing()
    {
        // Arrange: run 1 is killed inside the call; run 2 asks, hears NotFound, presents again; run 3 asks and hears Completed.
        ConnectorCallLog log = ConnectorCallLog.Parse(
        [
            "1\texecute\tflow:a:1.x\tcap",
            "2\tstatus\tflow:a:1.x\tNotFound",
            "2\tstatus\tflow:a:1.x\tNotFound",
            "2\texecute\tflow:a:1.x\tcap",
            "3\tstatus\tflow:a:1.x\tCompleted",
            "3\texecute\tflow:a:2.y\tcap",
            "3\texecuted\tflow:a:2.y\tcap",
        ]);

        // Act
        IReadOnlyList<string> problems = log.RepeatedWork();

        // Assert
        Assert.Empty(problems);
        Assert.Equal("flow:a:1.x", Assert.Single(log.Interrupted(1)).Token);
        Assert.Empty(log.Interrupted(3));
    }

    [Fact]
    public void RepeatedWork_ExecuteAfterItReturned_IsReported()
    {
        ConnectorCallLog log = ConnectorCallLog.Parse(
        [
            "1\texecute\tt\tcap",
            "1\texecuted\tt\tcap",
            "2\tstatus\tt\tNotFound",
            "2\texecute\tt\tcap",
        ]);

        string problem = Assert.Single(log.RepeatedWork());

        Assert.Contains("line 4", problem, StringComparison.Ordinal);
        Assert.Contains("after line 2", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void RepeatedWork_ExecuteAfterStatusCompleted_IsReported()
    {
        ConnectorCallLog log = ConnectorCallLog.Parse(
        [
            "1\texecute\tt\tcap",
            "2\tstatus\tt\tCompleted",
            "2\texecute\tt\tcap",
        ]);

        Assert.Contains("answered that it completed", Assert.Single(log.RepeatedWork()), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1\tstatus\tt\tInDoubt")]
    [InlineData("1\tstatus\tt\tNotFound")]
    [InlineData("1\texecute-failed\tt\tConnectorException")]
    public void RepeatedWork_PresentedAgainWithoutAskingInThatProcess_IsReported(string between)
    {
        // Only a NotFound heard by the presenting process since the earlier execute allows presenting again.
        ConnectorCallLog log = ConnectorCallLog.Parse(["1\texecute\tt\tcap", between, "2\texecute\tt\tcap"]);

        Assert.Contains("without asking", Assert.Single(log.RepeatedWork()), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MalformedLine_Throws()
    {
        Assert.Throws<FormatException>(() => ConnectorCallLog.Parse(["1\texecute\tt"]));
    }
}
