namespace OperatorOs.Abstractions.Tests.Connectors;

public class OperationStatusTests
{
    [Fact]
    public void NotFound_Token_HasNoResult()
    {
        OperationToken token = OperationToken.ForProposal("p-1");

        OperationStatus status = OperationStatus.NotFound(token);

        Assert.Equal(token, status.Token);
        Assert.Equal(OperationState.NotFound, status.State);
        Assert.Null(status.Result);
    }

    [Fact]
    public void Completed_Result_TakesTokenFromResult()
    {
        var result = new OperationResult(OperationToken.ForFlowStep("f", "s"), "notes.write", TestJson.Parse("{}"), "done", DateTimeOffset.UnixEpoch);

        OperationStatus status = OperationStatus.Completed(result);

        Assert.Equal(result.Token, status.Token);
        Assert.Equal(OperationState.Completed, status.State);
        Assert.Same(result, status.Result);
    }

    [Fact]
    public void Completed_Null_ThrowsArgumentNull()
    {
        Assert.Throws<ArgumentNullException>(() => OperationStatus.Completed(null!));
    }
}
