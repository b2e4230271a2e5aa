using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.ML.Tokenizers;

namespace OperatorOs;

/// <summary>Counts the tokens of a model request or response with the o200k tokenizer, for budgets before a call and for providers that report no usage.</summary>
/// <remarks>An estimate: providers tokenize differently and add framing tokens, hence the small per-message overhead.</remarks>
internal static class TokenEstimator
{
    private const int PerMessageOverhead = 4;

    private static readonly Lazy<Tokenizer> Tokenizer = new(() => TiktokenTokenizer.CreateForEncoding("o200k_base"));

    public static long Count(string? text) => string.IsNullOrEmpty(text) ? 0 : Tokenizer.Value.CountTokens(text);

    public static long CountRequest(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        long tokens = 0;
        foreach (ChatMessage message in messages)
        {
            tokens += PerMessageOverhead + CountContents(message.Contents);
        }

        if (options?.Tools is { } tools)
        {
            foreach (AITool tool in tools)
            {
                tokens += Count(tool.Name) + Count(tool.Description);
                if (tool is AIFunctionDeclaration function)
                {
                    tokens += Count(function.JsonSchema.GetRawText());
                }
            }
        }

        return tokens;
    }

    public static long CountResponse(ChatResponse response)
    {
        long tokens = 0;
        foreach (ChatMessage message in response.Messages)
        {
            tokens += CountContents(message.Contents);
        }

        return tokens;
    }

    private static long CountContents(IList<AIContent> contents)
    {
        long tokens = 0;
        foreach (AIContent content in contents)
        {
            tokens += content switch
            {
                TextContent text => Count(text.Text),
                FunctionCallContent call => Count(call.Name) + CountArguments(call.Arguments),
                FunctionResultContent result => Count(result.Result?.ToString()),
                _ => 0,
            };
        }

        return tokens;
    }

    private static long CountArguments(IDictionary<string, object?>? arguments)
    {
        if (arguments is null)
        {
            return 0;
        }

        long tokens = 0;
        foreach (KeyValuePair<string, object?> argument in arguments)
        {
            tokens += Count(argument.Key) + Count(argument.Value is JsonElement element ? element.GetRawText() : argument.Value?.ToString());
        }

        return tokens;
    }
}
