using System.Text.Json;
using OperatorOs.Connectors.Mcp.Internal;

namespace OperatorOs.Connectors.Mcp.Tests;

public sealed class ToolArgumentsValidatorTests
{
    private const string Schema = """
        { "type": "object",
          "properties": {
            "name": { "type": "string", "minLength": 1, "maxLength": 5 },
            "count": { "type": "integer", "minimum": 1, "maximum": 3 },
            "mode": { "enum": ["a", "b"] },
            "flag": { "type": ["boolean", "null"] },
            "tags": { "type": "array", "maxItems": 2, "items": { "type": "string" } },
            "edits": { "type": "array", "items": { "type": "object", "properties": { "oldText": { "type": "string" } }, "required": ["oldText"] } }
          },
          "required": ["name"],
          "additionalProperties": false }
        """;

    [Theory]
    [InlineData("""{ "count": 1 }""", "$.name", "required")]
    [InlineData("""{ "name": 3 }""", "$.name", "type string")]
    [InlineData("""{ "name": "" }""", "$.name", "at least 1")]
    [InlineData("""{ "name": "toolong" }""", "$.name", "at most 5")]
    [InlineData("""{ "name": "a", "count": 1.5 }""", "$.count", "integer")]
    [InlineData("""{ "name": "a", "count": 4 }""", "$.count", "at most 3")]
    [InlineData("""{ "name": "a", "mode": "c" }""", "$.mode", "one of")]
    [InlineData("""{ "name": "a", "flag": "yes" }""", "$.flag", "types")]
    [InlineData("""{ "name": "a", "tags": ["x", 2] }""", "$.tags[1]", "type string")]
    [InlineData("""{ "name": "a", "tags": ["x", "y", "z"] }""", "$.tags", "at most 2")]
    [InlineData("""{ "name": "a", "edits": [ { "newText": "x" } ] }""", "$.edits[0].oldText", "required")]
    [InlineData("""{ "name": "a", "other": 1 }""", "$.other", "not an argument")]
    [InlineData("""{ "name": "a", "odd key": 1 }""", "$['odd key']", "not an argument")]
    public void Validate_BadArguments_ThrowsNamingThePath(string arguments, string path, string problem)
    {
        ConnectorArgumentException ex = Assert.Throws<ConnectorArgumentException>(() => Validate(arguments));

        Assert.Equal(path, ex.Path);
        Assert.Contains(problem, ex.Problem, StringComparison.Ordinal);
        Assert.Equal("mcp.t.tool", ex.Capability);
    }

    [Theory]
    [InlineData("""{ "name": "a" }""")]
    [InlineData("""{ "name": "abcde", "count": 3, "mode": "b", "flag": null, "tags": ["x"], "edits": [ { "oldText": "o" } ] }""")]
    [InlineData("""{ "name": "a", "count": 2.0, "flag": true }""")]
    public void Validate_GoodArguments_Passes(string arguments) => Validate(arguments);

    [Theory]
    [InlineData("read_file", "mcp.fs.read_file")]
    [InlineData("getWeather", "mcp.fs.get_weather")]
    [InlineData("HTTPGet", "mcp.fs.httpget")]
    [InlineData("search.files", "mcp.fs.search_files")]
    [InlineData("a b/c", "mcp.fs.a_b_c")]
    [InlineData("1tool", null)]
    [InlineData("_x", null)]
    public void CapabilityNameOf_FormsValidNamesOrNone(string tool, string? expected) =>
        Assert.Equal(expected, ToolCatalog.CapabilityNameOf("mcp.fs.", tool));

    private static void Validate(string arguments)
    {
        using JsonDocument schema = JsonDocument.Parse(Schema);
        using JsonDocument value = JsonDocument.Parse(arguments);
        ToolArgumentsValidator.Validate("mcp.t.tool", schema.RootElement, value.RootElement, "$");
    }
}
