using OperatorOs.Connectors.Calendar.Internal;

namespace OperatorOs.Connectors.Calendar.Tests.Internal;

public sealed class EventUidTests
{
    [Fact]
    public void For_SameToken_SameUidAndResourceName_DifferentTokens_DifferentUids()
    {
        var token = OperationToken.ForFlowStep("onboarding-17", "book-call");

        string uid = EventUid.For(token, "operatoros");

        Assert.Equal(uid, EventUid.For(new OperationToken("flow:onboarding-17:book-call"), "operatoros"));
        Assert.NotEqual(uid, EventUid.For(OperationToken.ForFlowStep("onboarding-17", "book-call-2"), "operatoros"));
        Assert.Matches("^[0-9a-f]{40}@operatoros$", uid);
        Assert.DoesNotContain("onboarding", uid, StringComparison.Ordinal);
        Assert.Equal(uid[..40] + ".ics", EventUid.ResourceNameOf(uid, "operatoros"));
    }

    [Theory]
    [InlineData("meeting-42@example.com")]
    [InlineData("0123456789abcdef0123456789abcdef01234567@example.com")]
    [InlineData("0123456789ABCDEF0123456789ABCDEF01234567@operatoros")]
    [InlineData("0123456789abcdef@operatoros")]
    public void ResourceNameOf_UidsNotDerivedHere_IsNull(string uid) =>
        Assert.Null(EventUid.ResourceNameOf(uid, "operatoros"));
}
