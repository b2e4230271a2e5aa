namespace OperatorOs;

/// <summary>Supplies the policy in force; the built-in policies read it on every proposal, so a reloaded file applies to the next one.</summary>
internal interface IEffectivePolicySource
{
    EffectivePolicy Current { get; }
}
