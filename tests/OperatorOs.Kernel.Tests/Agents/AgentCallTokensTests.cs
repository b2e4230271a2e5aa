using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using OperatorOs.Testing;

namespace OperatorOs.Kernel.Tests.Agents;

public class AgentCallTokensTests
{
    private static readonly Intent Intent = OperatorOs.Intent.Create("note.requested", TestJson.Parse("{}"), "test", TrustLevel.Operator, TimeProvider.System);

    private static OperationToken First(string capability, string arguments, int round = 0, string agent = "scribe", Intent? intent = null) =>
        AgentCallTokens.ForRound(intent ?? Intent, agent, round).Next(capability, TestJson.Parse(arguments));

    [FsCheck.Xunit.Property]
    public Property ArgumentsInAnyKeyOrder_AreOneCall() =>
        Prop.ForAll(Gen.Shuffle(["\"a\":1", "\"b\":\"two\"", "\"c\":[3,{\"y\":1,\"x\":2}]", "\"d\":null", "\"e\":{\"q\":true,\"p\":false}"]).ToArbitrary(), order =>
            First("notes.read", "{" + string.Join(',', order) + "}") ==
            First("notes.read", """{"a":1,"b":"two","c":[3,{"x":2,"y":1}],"d":null,"e":{"p":false,"q":true}}"""));

    [Fact]
    public void OneStringSpelledTwoWays_IsOneCall() =>
        Assert.Equal(First("notes.read", """{"text":"A\u00e9"}"""), First("notes.read", """{"text":"\u0041é"}"""));

    [Fact]
    public void EveryPartOfTheCall_MakesItAnother()
    {
        OperationToken call = First("notes.read", """{"page":1}""");
        Intent other = OperatorOs.Intent.Create("note.requested", TestJson.Parse("{}"), "test", TrustLevel.Operator, TimeProvider.System);

        Assert.NotEqual(call, First("notes.write", """{"page":1}"""));
        Assert.NotEqual(call, First("notes.read", """{"page":2}"""));
        Assert.NotEqual(call, First("notes.read", """{"page":[1]}"""));
        Assert.NotEqual(call, First("notes.read", """{"page":1}""", round: 1));
        Assert.NotEqual(call, First("notes.read", """{"page":1}""", agent: "clerk"));
        Assert.NotEqual(call, First("notes.read", """{"page":1}""", intent: other));
        Assert.NotEqual(call, AgentCallTokens.ForStrategy(Intent, "scribe").Next("notes.read", TestJson.Parse("""{"page":1}""")));
    }

    [Fact]
    public void TheSameCallTwiceInARound_GetsTwoTokens_InTheSameOrderEachTime()
    {
        static (OperationToken, OperationToken, OperationToken) Round()
        {
            AgentCallTokens tokens = AgentCallTokens.ForRound(Intent, "scribe", 3);
            return (tokens.Next("notes.read", TestJson.Parse("""{"page":1}""")), tokens.Next("notes.read", TestJson.Parse("""{"page":2}""")),
                tokens.Next("notes.read", TestJson.Parse("""{"page":1}""")));
        }

        (OperationToken first, OperationToken other, OperationToken again) = Round();

        Assert.NotEqual(first, again);
        Assert.NotEqual(first, other);
        Assert.Equal((first, other, again), Round());
        Assert.Matches("^agent:[0-9a-f]{32}:1$", again.Value);
    }
}
