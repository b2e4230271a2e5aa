using OperatorOs.Shared;

namespace OperatorOs;

/// <summary>Routes intents whose text is close to example phrases to an agent role or flow.</summary>
/// <remarks>The exemplars are embedded once, with the registered embedding generator, the first time a semantic decision is needed.</remarks>
public sealed class SemanticRoute
{
    /// <summary>Initializes a new instance of the <see cref="SemanticRoute"/> class.</summary>
    /// <param name="targetKind">What handles matching intents.</param>
    /// <param name="target">The agent role or flow.</param>
    /// <param name="exemplars">Phrases typical of the intents this route should take.</param>
    /// <exception cref="ArgumentNullException"><paramref name="exemplars"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">There are no non-empty exemplars, or <paramref name="targetKind"/> is <see cref="RouteTargetKind.Operator"/>.</exception>
    public SemanticRoute(RouteTargetKind targetKind, string target, IEnumerable<string> exemplars)
    {
        if (targetKind is not (RouteTargetKind.Agent or RouteTargetKind.Flow))
        {
            throw new ArgumentException("A route targets an agent or a flow.", nameof(targetKind));
        }

        TargetKind = targetKind;
        Target = Throw.IfNullOrWhitespace(target);
        Exemplars = Throw.IfNull(exemplars).Where(e => !string.IsNullOrWhiteSpace(e)).ToList();
        if (Exemplars.Count == 0)
        {
            throw new ArgumentException($"The semantic route to '{target}' needs at least one exemplar phrase.", nameof(exemplars));
        }
    }

    /// <summary>Gets what handles matching intents.</summary>
    public RouteTargetKind TargetKind { get; }

    /// <summary>Gets the agent role or flow.</summary>
    public string Target { get; }

    /// <summary>Gets the exemplar phrases.</summary>
    public IReadOnlyList<string> Exemplars { get; }
}
