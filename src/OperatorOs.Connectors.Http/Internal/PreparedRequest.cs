namespace OperatorOs.Connectors.Http.Internal;

/// <summary>A request built from checked arguments, ready to send as many times as the retry policy allows.</summary>
/// <param name="Operation">The operation it belongs to.</param>
/// <param name="Uri">The absolute request URI.</param>
/// <param name="Body">The UTF-8 JSON body, or <see langword="null"/> for none.</param>
internal sealed record PreparedRequest(CompiledOperation Operation, Uri Uri, byte[]? Body);
