namespace OperatorOs;

/// <summary>Specifies how far the origin of an intent or an input is trusted.</summary>
/// <remarks>Values are ordered: a lower value is less trusted, so the trust of derived data is the minimum of its inputs.</remarks>
public enum TrustLevel
{
    /// <summary>Content from outside the business, such as an inbound email or a public webhook.</summary>
    Untrusted = 0,

    /// <summary>Content produced by the system itself: timers, flows, agents working on trusted input.</summary>
    Internal = 1,

    /// <summary>Content entered by the operator.</summary>
    Operator = 2,
}
