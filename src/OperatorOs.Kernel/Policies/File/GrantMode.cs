namespace OperatorOs;

/// <summary>Specifies how a policy file's grants for an agent role combine with the grants the code declares.</summary>
public enum GrantMode
{
    /// <summary>The file's capabilities are added to the role's declared <see cref="AgentRole.GrantedCapabilities"/>.</summary>
    Extend = 0,

    /// <summary>The file's capabilities replace the role's declared grants: the role may propose only what the file lists.</summary>
    Replace = 1,
}
