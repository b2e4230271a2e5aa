namespace OperatorOs;

/// <summary>Configures how shadow-mode proposals are scored against the operator's own actions.</summary>
public sealed class ShadowAgreementOptions
{
    /// <summary>Gets or sets the score at or above which a shadowed proposal counts as agreeing with the operator.</summary>
    /// <value>The default is 0.9.</value>
    public double AgreementScore { get; set; } = 0.9;

    /// <summary>Gets or sets the agreement rate a suggested confidence threshold must reach.</summary>
    /// <value>The default is 0.95.</value>
    public double TargetRate { get; set; } = 0.95;

    /// <summary>Gets or sets how many comparisons at or above a threshold are needed before it is suggested.</summary>
    /// <value>The default is 20.</value>
    public int MinimumSamples { get; set; } = 20;

    /// <summary>Gets or sets how many recent comparisons per agent and capability are kept for calibration.</summary>
    /// <value>The default is 500.</value>
    public int SampleWindow { get; set; } = 500;
}
