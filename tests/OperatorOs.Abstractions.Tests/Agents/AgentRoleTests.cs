namespace OperatorOs.Abstractions.Tests.Agents;

public class AgentRoleTests
{
    [Fact]
    public void Constructor_ValidName_SetsPropertiesAndDefaults()
    {
        var role = new AgentRole("triage", "Sort the inbox.");

        Assert.Equal("triage", role.Name);
        Assert.Equal("Sort the inbox.", role.Instructions);
        Assert.Empty(role.GrantedCapabilities);
        Assert.Equal(AgentRole.DefaultMaxToolIterations, role.MaxToolIterations);
        Assert.Equal(8, role.MaxToolIterations);
        Assert.Null(role.Purpose);
        Assert.Null(role.ModelKey);
        Assert.Null(role.DeterministicStrategy);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Triage")]
    [InlineData("tri age")]
    [InlineData("1triage")]
    public void Constructor_MalformedName_ThrowsForName(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => new AgentRole(name, "i"));

        Assert.Equal("name", error.ParamName);
    }

    [Fact]
    public void Constructor_Nulls_ThrowArgumentNull()
    {
        Assert.Throws<ArgumentNullException>(() => new AgentRole(null!, "i"));
        Assert.Throws<ArgumentNullException>(() => new AgentRole("triage", null!));
    }

    [Fact]
    public void IsGranted_GrantedCapability_ReturnsTrue()
    {
        var role = new AgentRole("triage", "i") { GrantedCapabilities = ["notes.read", "mail.send"] };

        Assert.True(role.IsGranted("notes.read"));
        Assert.True(role.IsGranted("mail.send"));
    }

    [Theory]
    [InlineData("notes.write")]
    [InlineData("Notes.read")]
    [InlineData("notes")]
    [InlineData("notes.read ")]
    [InlineData("")]
    public void IsGranted_OtherCapability_ReturnsFalse(string capability)
    {
        var role = new AgentRole("triage", "i") { GrantedCapabilities = ["notes.read", "mail.send"] };

        Assert.False(role.IsGranted(capability));
    }

    [Fact]
    public void IsGranted_NoGrants_ReturnsFalse()
    {
        Assert.False(new AgentRole("triage", "i").IsGranted("notes.read"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public void MaxToolIterations_LessThanOne_Throws(int value)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AgentRole("triage", "i") { MaxToolIterations = value });
    }

    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    public void MaxToolIterations_OneOrMore_IsKept(int value)
    {
        Assert.Equal(value, new AgentRole("triage", "i") { MaxToolIterations = value }.MaxToolIterations);
    }
}
