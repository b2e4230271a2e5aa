using System.Collections;
using System.Reflection;

namespace OperatorOs;

/// <summary>Helpers that compiled filters call: null-safe collection membership and dynamic-record property reads.</summary>
internal static class FilterFunctions
{
    /// <summary>The <see cref="GetDynamicValue"/> method.</summary>
    public static readonly MethodInfo GetDynamicValueMethod = typeof(FilterFunctions).GetMethod(nameof(GetDynamicValue))!;

    /// <summary>The <see cref="CollectionContains"/> method.</summary>
    public static readonly MethodInfo CollectionContainsMethod = typeof(FilterFunctions).GetMethod(nameof(CollectionContains))!;

    /// <summary>The <see cref="SetContains"/> method.</summary>
    public static readonly MethodInfo SetContainsMethod = typeof(FilterFunctions).GetMethod(nameof(SetContains))!;

    /// <summary>Reads a property of a dynamic record, <see langword="null"/> when absent.</summary>
    public static object? GetDynamicValue(Dictionary<string, object?> record, string name) =>
        record.TryGetValue(name, out object? value) ? value : null;

    /// <summary>Gets whether a record's collection property contains <paramref name="item"/>; a null collection contains nothing.</summary>
    public static bool CollectionContains(object? collection, object? item)
    {
        if (collection is not IEnumerable items)
        {
            return false;
        }

        foreach (object? candidate in items)
        {
            if (Equals(candidate, item))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Gets whether a constant set contains the record's value.</summary>
    public static bool SetContains(HashSet<object?> set, object? item) => set.Contains(item);
}
