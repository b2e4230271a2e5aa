using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace OperatorOs.Kernel.Tests.Flows;

public sealed class FlowDataTests
{
    private static readonly string[] Keys = ["step-1", "a\"quote", "ünïcödé", "<tag>&'+", "back\\slash", "", "emoji 😀", "steps"];

    private static readonly string[] Values = ["""{"n":1}""", "null", "\"text with \\u00e9 and \\\"quotes\\\" <b>\"", "[1,2.50,true,{\"x\":[]}]", "{ \"spaced\" : [ 1 , 2 ] }", "-0.0e5", "{}"];

    private static Gen<(string[] Existing, string Key, string Value, string Section)> Cases() =>
        from existing in Gen.Elements(Keys).ArrayOf().Select(k => k.Distinct().Take(4).ToArray())
        from key in Gen.Elements(Keys)
        from value in Gen.Elements(Values)
        from section in Gen.Elements(FlowData.Steps, FlowData.Events)
        select (existing, key, value, section);

    [Property(MaxTest = 300)]
    public Property With_NewKey_SplicesTheSameBytesAsRewritingTheObject() =>
        Prop.ForAll(Cases().ToArbitrary(), c =>
        {
            JsonElement data = FlowData.Initial(TestJson.Parse("""{"student":"s\u00e9 <1>"}"""));
            foreach (string name in c.Existing)
            {
                data = FlowData.Rewrite(data, c.Section, name, TestJson.Parse("""{"old":true}"""));
            }

            JsonElement spliced = FlowData.With(data, c.Section, c.Key, TestJson.Parse(c.Value));
            JsonElement rewritten = FlowData.Rewrite(data, c.Section, c.Key, TestJson.Parse(c.Value));
            return spliced.GetRawText() == rewritten.GetRawText();
        });

    [Fact]
    public void With_ExistingKey_ReplacesItAndMovesItLast()
    {
        JsonElement data = FlowData.With(FlowData.With(FlowData.Initial(default), FlowData.Steps, "a", TestJson.Parse("1")), FlowData.Steps, "b", TestJson.Parse("2"));

        JsonElement replaced = FlowData.With(data, FlowData.Steps, "a", TestJson.Parse("3"));

        Assert.Equal("""{"input":{},"steps":{"b":2,"a":3},"events":{}}""", replaced.GetRawText());
    }

    [Fact]
    public void With_UndefinedValue_WritesNull_AndAMissingSectionIsAdded()
    {
        JsonElement data = TestJson.Parse("""{"input":{}}""");

        Assert.Equal("""{"input":{},"steps":{"a":null}}""", FlowData.With(data, FlowData.Steps, "a", default).GetRawText());
        Assert.Equal("""{"input":{},"steps":{"a":null,"b":null}}""", FlowData.With(FlowData.With(data, FlowData.Steps, "a", default), FlowData.Steps, "b", default).GetRawText());
    }
}
