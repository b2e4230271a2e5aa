namespace OperatorOs;

/// <summary>Specifies what kind of actor wrote a memory record.</summary>
public enum ActorKind
{
    /// <summary>An agent role.</summary>
    Agent = 0,

    /// <summary>The operator.</summary>
    Operator = 1,

    /// <summary>A connector, reporting what it observed or did.</summary>
    Connector = 2,

    /// <summary>A deterministic flow.</summary>
    Flow = 3,

    /// <summary>The kernel itself.</summary>
    System = 4,
}
