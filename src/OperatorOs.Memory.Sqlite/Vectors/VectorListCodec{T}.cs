using System.Text.Json;

namespace OperatorOs;

/// <summary>The codec of an array or list of one element type, stored as a JSON array.</summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class VectorListCodec<T> : VectorValueCodec
{
    private readonly VectorValueCodec<T> _element;
    private readonly bool _array;

    /// <summary>Initializes a new instance of the <see cref="VectorListCodec{T}"/> class.</summary>
    /// <param name="element">The codec of the elements.</param>
    /// <param name="array">Whether values are read back as arrays; otherwise as <see cref="List{T}"/>, which every list interface accepts.</param>
    public VectorListCodec(VectorValueCodec<T> element, bool array)
        : base(element.Name + "[]")
    {
        _element = element;
        _array = array;
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, object? value)
    {
        if (value is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartArray();
        foreach (T item in (IEnumerable<T>)value)
        {
            _element.WriteValue(writer, item);
        }

        writer.WriteEndArray();
    }

    /// <inheritdoc/>
    public override object? Read(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException($"Expected a JSON array, found {element.ValueKind}.");
        }

        var items = new List<T>(element.GetArrayLength());
        foreach (JsonElement item in element.EnumerateArray())
        {
            items.Add(_element.ReadValue(item));
        }

        return _array ? items.ToArray() : items;
    }
}
