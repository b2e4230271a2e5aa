namespace OperatorOs;

/// <summary>Specifies what handles a routed intent.</summary>
public enum RouteTargetKind
{
    /// <summary>No route matched; the intent waits for the operator.</summary>
    Operator = 0,

    /// <summary>An agent role.</summary>
    Agent = 1,

    /// <summary>A deterministic flow.</summary>
    Flow = 2,
}
