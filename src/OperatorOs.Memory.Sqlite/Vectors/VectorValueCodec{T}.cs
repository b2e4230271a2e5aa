using System.Text.Json;

namespace OperatorOs;

/// <summary>The codec of one scalar type (or its nullable form), from a pair of delegates.</summary>
/// <typeparam name="T">The type.</typeparam>
internal sealed class VectorValueCodec<T> : VectorValueCodec
{
    private readonly Action<Utf8JsonWriter, T> _write;
    private readonly Func<JsonElement, T> _read;

    public VectorValueCodec(string name, Action<Utf8JsonWriter, T> write, Func<JsonElement, T> read)
        : base(name)
    {
        _write = write;
        _read = read;
    }

    /// <summary>Writes a value; <see langword="null"/> becomes JSON null.</summary>
    public void WriteValue(Utf8JsonWriter writer, T value)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            _write(writer, value);
        }
    }

    /// <summary>Reads a value; JSON null becomes the type's default.</summary>
    public T ReadValue(JsonElement element) => element.ValueKind == JsonValueKind.Null ? default! : _read(element);

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, object? value) => WriteValue(writer, value is null ? default! : (T)value);

    /// <inheritdoc/>
    public override object? Read(JsonElement element) => ReadValue(element);
}
