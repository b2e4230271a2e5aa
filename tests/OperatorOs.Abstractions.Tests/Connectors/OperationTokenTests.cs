using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace OperatorOs.Abstractions.Tests.Connectors;

public class OperationTokenTests
{
    [Fact]
    public void ForProposal_Id_FormatsProposalPrefix()
    {
        OperationToken token = OperationToken.ForProposal("01923abc");

        Assert.Equal("proposal:01923abc", token.Value);
        Assert.Equal("proposal:01923abc", token.ToString());
        Assert.False(token.IsDefault);
    }

    [Fact]
    public void ForFlowStep_InstanceAndStep_FormatsFlowPrefix()
    {
        OperationToken token = OperationToken.ForFlowStep("invoice-7", "send-reminder");

        Assert.Equal("flow:invoice-7:send-reminder", token.Value);
    }

    [Fact]
    public void ForProposal_SameIdTwice_GivesEqualTokens()
    {
        Assert.Equal(OperationToken.ForProposal("p-1"), OperationToken.ForProposal("p-1"));
        Assert.NotEqual(OperationToken.ForProposal("p-1"), OperationToken.ForProposal("p-2"));
        Assert.NotEqual(OperationToken.ForProposal("x"), OperationToken.ForFlowStep("x", "y"));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void ForProposal_EmptyId_Throws(string id)
    {
        Assert.Throws<ArgumentException>(() => OperationToken.ForProposal(id));
    }

    [Fact]
    public void ForProposal_NullId_ThrowsArgumentNull()
    {
        Assert.Throws<ArgumentNullException>(() => OperationToken.ForProposal(null!));
    }

    [Fact]
    public void ForProposal_IdWithSpace_Throws()
    {
        Assert.Throws<ArgumentException>(() => OperationToken.ForProposal("p 1"));
    }

    [Theory]
    [InlineData("", "step")]
    [InlineData("flow", "")]
    [InlineData(" ", "step")]
    [InlineData("flow", " ")]
    public void ForFlowStep_EmptyPart_Throws(string instance, string step)
    {
        Assert.Throws<ArgumentException>(() => OperationToken.ForFlowStep(instance, step));
    }

    [Fact]
    public void ForProposal_IdMakingTokenTooLong_Throws()
    {
        string id = new('a', OperationToken.MaxLength - "proposal:".Length + 1);

        Assert.Throws<ArgumentException>(() => OperationToken.ForProposal(id));
        Assert.Equal(OperationToken.MaxLength, OperationToken.ForProposal(id[1..]).Value.Length);
    }

    [Fact]
    public void Constructor_Empty_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => new OperationToken(string.Empty));

        Assert.Equal("value", error.ParamName);
    }

    [Fact]
    public void Constructor_Null_ThrowsArgumentNull()
    {
        Assert.Throws<ArgumentNullException>(() => new OperationToken(null!));
    }

    [Fact]
    public void Constructor_MaxLength_IsAccepted()
    {
        var token = new OperationToken(new string('t', OperationToken.MaxLength));

        Assert.Equal(200, token.Value.Length);
    }

    [Fact]
    public void Constructor_OverMaxLength_Throws()
    {
        Assert.Throws<ArgumentException>(() => new OperationToken(new string('t', OperationToken.MaxLength + 1)));
    }

    [Theory]
    [InlineData("a b")]
    [InlineData(" ab")]
    [InlineData("ab ")]
    [InlineData("a\tb")]
    [InlineData("a\nb")]
    [InlineData("a\0b")]
    [InlineData("a\u007fb")]
    [InlineData("café")]
    [InlineData("日本")]
    [InlineData("a\u00a0b")]
    public void Constructor_SpaceControlOrNonAscii_Throws(string value)
    {
        Assert.Throws<ArgumentException>(() => new OperationToken(value));
    }

    [Theory]
    [InlineData("!")]
    [InlineData("~")]
    [InlineData("proposal:abc-123_X.Y/Z?q=1&r=#")]
    public void Constructor_PrintableAscii_IsAccepted(string value)
    {
        Assert.Equal(value, new OperationToken(value).Value);
    }

    [Fact]
    public void Default_IsDefaultAndValueThrows()
    {
        OperationToken token = default;

        Assert.True(token.IsDefault);
        Assert.Throws<InvalidOperationException>(() => token.Value);
        Assert.Equal(string.Empty, token.ToString());
    }

    [Fact]
    public void Equality_SameText_EqualWithSameHashCode()
    {
        var a = new OperationToken("proposal:p-1");
        var b = new OperationToken("proposal:p-1");

        Assert.Equal(a, b);
        Assert.True(a == b);
        Assert.False(a != b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Fact]
    public void Equality_DifferentCase_NotEqual()
    {
        Assert.NotEqual(new OperationToken("proposal:P-1"), new OperationToken("proposal:p-1"));
    }

    [Fact]
    public void Equality_DefaultTokens_EqualEachOtherButNoInitializedToken()
    {
        OperationToken a = default;
        OperationToken b = default;

        Assert.Equal(a, b);
        Assert.NotEqual(a, new OperationToken("x"));
    }

    [Fact]
    public void Equality_UsableAsDictionaryKey()
    {
        var seen = new HashSet<OperationToken> { OperationToken.ForProposal("p-1"), OperationToken.ForProposal("p-1"), OperationToken.ForProposal("p-2") };

        Assert.Equal(2, seen.Count);
    }

    [Property(MaxTest = 500)]
    public Property Constructor_AnyPrintableAsciiUpToMaxLength_RoundTrips()
    {
        Gen<string> printable =
            from length in Gen.Choose(1, OperationToken.MaxLength)
            from chars in Gen.ArrayOf(Gen.Choose('!', '~').Select(c => (char)c), length)
            select new string(chars);

        return Prop.ForAll(printable.ToArbitrary(), value => new OperationToken(value).Value == value && new OperationToken(value) == new OperationToken(value));
    }

    [Property(MaxTest = 500)]
    public Property Constructor_AnyStringWithOneForbiddenCharacter_Throws()
    {
        Gen<char> forbidden = Gen.OneOf(Gen.Choose(0, ' ').Select(c => (char)c), Gen.Choose(0x7f, 0xffff).Select(c => (char)c));
        Gen<string> candidates =
            from length in Gen.Choose(0, 50)
            from chars in Gen.ArrayOf(Gen.Choose('!', '~').Select(c => (char)c), length)
            from bad in forbidden
            from position in Gen.Choose(0, length)
            select new string(chars).Insert(position, bad.ToString());

        return Prop.ForAll(candidates.ToArbitrary(), value =>
        {
            try
            {
                _ = new OperationToken(value);
                return false;
            }
            catch (ArgumentException)
            {
                return true;
            }
        });
    }
}
