using System.Collections;
using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Text;
using Microsoft.Extensions.VectorData.ProviderServices;
using Microsoft.Extensions.VectorData.ProviderServices.Filter;

#pragma warning disable MEVD9001 // MEVD provider services are experimental; this is the connector-author API they exist for.

namespace OperatorOs;

/// <summary>
/// Compiles MEVD LINQ filters into delegates over stored records, caching one delegate per filter shape.
/// </summary>
/// <remarks>
/// <para>
/// The filter is first preprocessed by MEVD (captured variables become <see cref="QueryParameterExpression"/> nodes), then
/// rewritten into <c>(record, args) =&gt; bool</c> where every constant and captured value is read from <c>args</c>. The cache key is
/// the rewritten tree's structure (node types, CLR types, bound properties, methods) without the values, so the same filter with a
/// new constant reuses the compiled delegate.
/// </para>
/// <para>
/// Supported: <c>==</c>, <c>!=</c>, <c>&lt;</c>, <c>&lt;=</c>, <c>&gt;</c>, <c>&gt;=</c>, <c>&amp;&amp;</c>, <c>||</c>, <c>!</c>, conversions,
/// bool properties, null checks, <c>Contains</c> on a collection property and on a constant collection. Anything else throws
/// <see cref="NotSupportedException"/> naming the node. One instance compiles one filter (the base class keeps per-filter state).
/// </para>
/// </remarks>
internal sealed class InMemoryFilterCompiler : FilterTranslatorBase
{
    private static readonly FilterPreprocessingOptions PreprocessingOptions = new() { SupportsParameterization = true };

    private readonly StringBuilder _key = new();
    private readonly List<object?> _arguments = [];
    private readonly ParameterExpression _argumentsParameter = Expression.Parameter(typeof(object?[]), "args");
    private ParameterExpression _recordParameter = null!;
    private bool _dynamic;

    private InMemoryFilterCompiler()
    {
    }

    /// <summary>Compiles (or fetches from <paramref name="cache"/>) the delegate for <paramref name="filter"/> and binds its values.</summary>
    /// <exception cref="NotSupportedException">The filter uses an expression the store does not evaluate.</exception>
    public static CompiledFilter<TRecord> Compile<TRecord>(
        Expression<Func<TRecord, bool>>? filter, CollectionModel model, ConcurrentDictionary<string, Delegate> cache)
    {
        if (filter is null)
        {
            return default;
        }

        var compiler = new InMemoryFilterCompiler
        {
            _recordParameter = Expression.Parameter(typeof(TRecord), "record"),
            _dynamic = typeof(TRecord) == typeof(Dictionary<string, object?>),
        };

        Expression body = compiler.Translate(compiler.PreprocessFilter(filter, model, PreprocessingOptions));
        string key = compiler._key.ToString();
        if (!cache.TryGetValue(key, out Delegate? compiled))
        {
            if (cache.Count >= InMemoryVectorConstants.MaxCachedFilters)
            {
                cache.Clear();
            }

            compiled = Expression.Lambda<Func<TRecord, object?[], bool>>(body, compiler._recordParameter, compiler._argumentsParameter).Compile();
            compiled = cache.GetOrAdd(key, compiled);
        }

        return new CompiledFilter<TRecord>((Func<TRecord, object?[], bool>)compiled, [.. compiler._arguments]);
    }

    private Expression Translate(Expression node)
    {
        switch (node)
        {
            case BinaryExpression binary when binary.NodeType is ExpressionType.Equal or ExpressionType.NotEqual
                or ExpressionType.LessThan or ExpressionType.LessThanOrEqual or ExpressionType.GreaterThan
                or ExpressionType.GreaterThanOrEqual or ExpressionType.AndAlso or ExpressionType.OrElse:
            {
                _ = _key.Append('(').Append(binary.NodeType).Append(binary.IsLiftedToNull ? "?" : string.Empty).Append(' ');
                AppendMethod(binary.Method);
                Expression left = Translate(binary.Left);
                _ = _key.Append(',');
                Expression right = Translate(binary.Right);
                _ = _key.Append(')');
                return Expression.MakeBinary(binary.NodeType, left, right, binary.IsLiftedToNull, binary.Method);
            }

            case UnaryExpression unary when unary.NodeType is ExpressionType.Not or ExpressionType.Convert or ExpressionType.ConvertChecked or ExpressionType.TypeAs:
            {
                _ = _key.Append('(').Append(unary.NodeType).Append(' ').Append(TypeName(unary.Type)).Append(' ');
                AppendMethod(unary.Method);
                Expression operand = Translate(unary.Operand);
                _ = _key.Append(')');
                return Expression.MakeUnary(unary.NodeType, operand, unary.Type, unary.Method);
            }

            case ConstantExpression constant:
                return Hoist(constant.Value, constant.Type);

            case QueryParameterExpression parameter:
                return Hoist(parameter.Value, parameter.Type);

            case MemberExpression member when TryBindProperty(member, out PropertyModel? property):
                return BindProperty(member, property);

            case MethodCallExpression call when TryBindProperty(call, out PropertyModel? property):
                return BindProperty(call, property);

            case MethodCallExpression call when TryMatchContains(call, out Expression? source, out Expression? item):
                return TranslateContains(call, source, item);

            default:
                throw Unsupported(node);
        }
    }

    private Expression BindProperty(Expression node, PropertyModel property)
    {
        if (property is VectorPropertyModel)
        {
            throw new NotSupportedException($"The filter expression '{node}' reads the vector property '{property.ModelName}'; filters can only use key and data properties.");
        }

        _ = _key.Append("[P ").Append(property.ModelName).Append(']');
        return _dynamic
            ? Expression.Call(FilterFunctions.GetDynamicValueMethod, _recordParameter, Expression.Constant(property.ModelName))
            : Expression.MakeMemberAccess(_recordParameter, ((MemberExpression)node).Member);
    }

    private Expression TranslateContains(MethodCallExpression call, Expression source, Expression item)
    {
        if (IsRecordProperty(source))
        {
            _ = _key.Append("(ContainsIn ");
            Expression collection = Translate(source);
            _ = _key.Append(',');
            Expression value = Translate(item);
            _ = _key.Append(')');
            return Expression.Call(FilterFunctions.CollectionContainsMethod, Box(collection), Box(value));
        }

        if (IsRecordProperty(item) && TryEvaluateCollection(source, out IEnumerable? values))
        {
            var set = new HashSet<object?>();
            foreach (object? value in values)
            {
                _ = set.Add(value);
            }

            _ = _key.Append("(ContainsSet ");
            Expression setExpression = Hoist(set, typeof(HashSet<object?>));
            _ = _key.Append(',');
            Expression translatedItem = Translate(item);
            _ = _key.Append(')');
            return Expression.Call(FilterFunctions.SetContainsMethod, setExpression, Box(translatedItem));
        }

        throw Unsupported(call);
    }

    private bool IsRecordProperty(Expression expression)
    {
        Expression unwrapped = expression;
        while (unwrapped is UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked } convert)
        {
            unwrapped = convert.Operand;
        }

        return unwrapped is MemberExpression or MethodCallExpression && TryBindProperty(unwrapped, out _);
    }

    private static bool TryEvaluateCollection(Expression expression, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IEnumerable? values)
    {
        while (expression is UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked } convert)
        {
            expression = convert.Operand;
        }

        switch (expression)
        {
            case ConstantExpression { Value: IEnumerable constant } when constant is not string:
                values = constant;
                return true;
            case QueryParameterExpression { Value: IEnumerable parameter } when parameter is not string:
                values = parameter;
                return true;
            case NewArrayExpression { NodeType: ExpressionType.NewArrayInit } array:
                var items = new object?[array.Expressions.Count];
                for (int i = 0; i < items.Length; i++)
                {
                    if (!TryEvaluateScalar(array.Expressions[i], out items[i]))
                    {
                        values = null;
                        return false;
                    }
                }

                values = items;
                return true;
            default:
                values = null;
                return false;
        }
    }

    private static bool TryEvaluateScalar(Expression expression, out object? value)
    {
        switch (expression)
        {
            case ConstantExpression constant:
                value = constant.Value;
                return true;
            case QueryParameterExpression parameter:
                value = parameter.Value;
                return true;
            default:
                value = null;
                return false;
        }
    }

    private Expression Hoist(object? value, Type type)
    {
        int index = _arguments.Count;
        _arguments.Add(value);
        _ = _key.Append("[$ ").Append(TypeName(type)).Append(']');
        Expression read = Expression.ArrayIndex(_argumentsParameter, Expression.Constant(index));
        return type == typeof(object) ? read : Expression.Convert(read, type);
    }

    private void AppendMethod(System.Reflection.MethodInfo? method)
    {
        if (method is not null)
        {
            _ = _key.Append(TypeName(method.DeclaringType!)).Append("::").Append(method.Name).Append(' ');
        }
    }

    private static Expression Box(Expression expression) =>
        expression.Type == typeof(object) ? expression : Expression.Convert(expression, typeof(object));

    private static string TypeName(Type type) => type.AssemblyQualifiedName ?? type.FullName ?? type.Name;

    private static NotSupportedException Unsupported(Expression node) =>
        new($"The filter expression node '{node.NodeType}' ({node}) is not supported by the in-memory vector store. "
            + "Supported: ==, !=, <, <=, >, >=, &&, ||, !, bool properties, null checks and Contains.");
}
