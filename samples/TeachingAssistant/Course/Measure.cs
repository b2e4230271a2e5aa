namespace TeachingAssistant.Course;

/// <summary>What a rubric criterion looks at in a submission.</summary>
internal enum Measure
{
    /// <summary>The share of the autograder's tests that passed.</summary>
    Tests,

    /// <summary>How the code is split into functions.</summary>
    Structure,

    /// <summary>Comments and docstrings.</summary>
    Documentation,

    /// <summary>Guards against empty, missing or invalid input.</summary>
    EdgeCases,

    /// <summary>The written explanation of the approach.</summary>
    Explanation,
}
