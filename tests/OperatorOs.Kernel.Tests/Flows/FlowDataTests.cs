using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace OperatorOs.Kernel.Tests.Flows;

public sealed class FlowDataTests
{
    private static readonly string[] Keys = ["step-1", "a\"quote", "ünïcödé", "<tag>&'+", "back\\slash", "", "emoji 😀", "steps"];

    private static readonly string[] Values = ["""{"n":1}""", "null", "\"text with \\u00e9 and \\\"quotes\\\" <b>\"", "[1,2.50,true,{\"x\":[]}]", "{ \"spaced\" : [ 1 , 2 ] }", "-0.0e5", "{}"];

    private static Gen<(string Section, string Key, string Value)[]> Changes() =>
        (from key in Gen.Elements(Keys)
         from value in Gen.Elements(Values)
         from section in Gen.Elements(FlowData.Steps, FlowData.Events)
         select (section, key, value)).ArrayOf();

    [Property(MaxTest = 300)]
    public Property Element_IsTheObjectARewriteWouldWrite_AndReadsBackTheSame() =>
        Prop.ForAll(Changes().ToArbitrary(), changes =>
        {
            JsonElement input = TestJson.Parse("""{"student":"s\u00e9 <1>"}""");
            FlowData data = FlowData.Initial(input);
            var steps = new List<(string Key, string Value)>();
            var events = new List<(string Key, string Value)>();
            foreach ((string section, string key, string value) in changes)
            {
                data = data.With(section, key, TestJson.Parse(value));
                List<(string Key, string Value)> members = section == FlowData.Steps ? steps : events;
                members.RemoveAll(m => m.Key == key);
                members.Add((key, value));
            }

            string expected = Reference(input, steps, events);
            FlowData reread = FlowData.FromElement(data.Element);
            bool lookupsAgree = steps.All(s => data.TryGetStepOutput(s.Key, out JsonElement o) && reread.TryGetStepOutput(s.Key, out JsonElement r) && JsonElement.DeepEquals(o, r))
                && events.All(e => data.TryGetEventPayload(e.Key, out JsonElement o) && reread.TryGetEventPayload(e.Key, out JsonElement r) && JsonElement.DeepEquals(o, r));
            return data.Element.GetRawText() == expected && reread.With(FlowData.Steps, "x", default).Element.GetRawText() == data.With(FlowData.Steps, "x", default).Element.GetRawText() && lookupsAgree;
        });

    [Fact]
    public void With_ExistingKey_ReplacesItAndMovesItLast_LeavingTheEarlierDataAsItWas()
    {
        FlowData data = FlowData.Initial(default).With(FlowData.Steps, "a", TestJson.Parse("1")).With(FlowData.Steps, "b", TestJson.Parse("2"));

        FlowData replaced = data.With(FlowData.Steps, "a", TestJson.Parse("3"));

        Assert.Equal("""{"input":{},"steps":{"b":2,"a":3},"events":{}}""", replaced.Element.GetRawText());
        Assert.Equal("""{"input":{},"steps":{"a":1,"b":2},"events":{}}""", data.Element.GetRawText());
    }

    [Fact]
    public void With_UndefinedValue_WritesNull_AndAMissingSectionReadsEmpty()
    {
        FlowData data = FlowData.FromElement(TestJson.Parse("""{"input":{}}"""));

        Assert.Equal("""{"input":{}}""", data.Element.GetRawText());
        Assert.Equal("""{"input":{},"steps":{"a":null},"events":{}}""", data.With(FlowData.Steps, "a", default).Element.GetRawText());
    }

    [Fact]
    public void FromElement_RefusesDataThatIsNotAnObjectOfSections()
    {
        Assert.Throws<FormatException>(() => FlowData.FromElement(TestJson.Parse("[]")));
        Assert.Throws<FormatException>(() => FlowData.FromElement(TestJson.Parse("""{"input":{},"steps":[]}""")));
        Assert.Throws<ArgumentException>(() => FlowData.Initial(default).With("input", "a", default));
    }

    [Fact]
    public void AContextOverTheParts_ReadsWhatAContextOverTheWholeObjectReads()
    {
        FlowData data = FlowData.Initial(TestJson.Parse("""{"n":1}""")).With(FlowData.Steps, "s", TestJson.Parse("""{"out":2}""")).With(FlowData.Events, "e", TestJson.Parse("3"));
        FlowCheckpoint cp = FlowHistory.ApplyStarted("i", "f", 1, null, null, "a", TrustLevel.Internal, DateTimeOffset.UnixEpoch, [], data);
        FlowContext parts = FlowMachine.Context(cp, "t", default, DateTimeOffset.UnixEpoch);
        var whole = new FlowContext("i", "f", 1, "a", "t", data.Element, default, DateTimeOffset.UnixEpoch);

        Assert.Equal(whole.Input.GetRawText(), parts.Input.GetRawText());
        Assert.Equal(whole.StepOutput("s").GetRawText(), parts.StepOutput("s").GetRawText());
        Assert.True(parts.TryGetEventPayload("e", out JsonElement payload) && payload.GetRawText() == "3");
        Assert.False(parts.TryGetStepOutput("missing", out _));
        Assert.Equal(whole.Data.GetRawText(), parts.Data.GetRawText());
    }

    private static string Reference(JsonElement input, List<(string Key, string Value)> steps, List<(string Key, string Value)> events)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("input");
            input.WriteTo(writer);
            foreach ((string name, List<(string Key, string Value)> members) in new[] { ("steps", steps), ("events", events) })
            {
                writer.WriteStartObject(name);
                foreach ((string key, string value) in members)
                {
                    writer.WritePropertyName(key);
                    TestJson.Parse(value).WriteTo(writer);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
