namespace OperatorOs;

/// <summary>Specifies why an item was put into an agent's context.</summary>
public enum ContextSource
{
    /// <summary>A current fact about one of the entities the work concerns.</summary>
    Fact = 0,

    /// <summary>Recent context about one of those entities.</summary>
    RecentContext = 1,

    /// <summary>A record retrieved because it is similar to the query.</summary>
    Retrieved = 2,
}
