namespace OperatorOs;

/// <summary>Marks a service collection in which OperatorOs is registered, so a second <c>AddOperatorOs</c> adds nothing twice.</summary>
internal sealed class OperatorOsMarker;
