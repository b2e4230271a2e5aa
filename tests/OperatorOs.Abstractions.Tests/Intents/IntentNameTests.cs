using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace OperatorOs.Abstractions.Tests.Intents;

public class IntentNameTests
{
    private const string SegmentStart = "abcdefghijklmnopqrstuvwxyz";
    private const string SegmentRest = "abcdefghijklmnopqrstuvwxyz0123456789-_";

    private static readonly Regex ReferenceGrammar = new(@"^[a-z][a-z0-9_-]*(\.[a-z][a-z0-9_-]*)*\z", RegexOptions.CultureInvariant);

    [Theory]
    [InlineData("a")]
    [InlineData("student.question")]
    [InlineData("files.write")]
    [InlineData("a1.b-2.c_3")]
    [InlineData("z.y.x.w.v")]
    [InlineData("mail-send_v2.now")]
    public void IsValid_WellFormedName_ReturnsTrue(string name)
    {
        Assert.True(IntentName.IsValid(name));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("Student.question")]
    [InlineData("student.Question")]
    [InlineData("studentQuestion")]
    [InlineData("student.quEstion")]
    [InlineData("student[1]")]
    [InlineData("student^q")]
    [InlineData("student`q")]
    [InlineData("student.q~")]
    [InlineData("student question")]
    [InlineData(" student")]
    [InlineData("student ")]
    [InlineData("1student")]
    [InlineData("student.1question")]
    [InlineData("-student")]
    [InlineData("_student")]
    [InlineData("student.-question")]
    [InlineData(".student")]
    [InlineData("student.")]
    [InlineData("student..question")]
    [InlineData(".")]
    [InlineData("student/question")]
    [InlineData("student:question")]
    [InlineData("étudiant")]
    [InlineData("student\tquestion")]
    [InlineData("student\nquestion")]
    public void IsValid_MalformedName_ReturnsFalse(string? name)
    {
        Assert.False(IntentName.IsValid(name));
    }

    [Fact]
    public void IsValid_ExactlyMaxLength_ReturnsTrue()
    {
        string name = "a" + new string('b', IntentName.MaxLength - 1);

        Assert.Equal(128, name.Length);
        Assert.True(IntentName.IsValid(name));
    }

    [Fact]
    public void IsValid_OneOverMaxLength_ReturnsFalse()
    {
        string name = "a" + new string('b', IntentName.MaxLength);

        Assert.False(IntentName.IsValid(name));
    }

    [Property(MaxTest = 500)]
    public Property IsValid_NameBuiltFromValidSegments_ReturnsTrue() =>
        Prop.ForAll(ValidNames().ToArbitrary(), IntentName.IsValid);

    [Property(MaxTest = 1000)]
    public Property IsValid_NameWithOneDefect_ReturnsFalse() =>
        Prop.ForAll(InvalidNames().ToArbitrary(), name => !IntentName.IsValid(name));

    [Property(MaxTest = 1000)]
    public Property IsValid_AnyString_AgreesWithReferenceGrammar()
    {
        Gen<string> anyChars =
            from length in Gen.Choose(0, 140)
            from chars in Gen.ArrayOf(Gen.Elements("abcxyz09-_.AZ \t/é".ToCharArray()), length)
            select new string(chars);
        Gen<string> candidates = Gen.OneOf(anyChars, ValidNames(), InvalidNames());

        return Prop.ForAll(candidates.ToArbitrary(), name =>
            IntentName.IsValid(name) == (name.Length <= IntentName.MaxLength && ReferenceGrammar.IsMatch(name)));
    }

    private static Gen<string> Segments() =>
        from first in Gen.Elements(SegmentStart.ToCharArray())
        from length in Gen.Choose(0, 20)
        from rest in Gen.ArrayOf(Gen.Elements(SegmentRest.ToCharArray()), length)
        select first + new string(rest);

    /// <summary>Names of 1 to 5 segments of 1 to 21 characters: at most 109 characters, always valid.</summary>
    private static Gen<string> ValidNames() =>
        from count in Gen.Choose(1, 5)
        from segments in Gen.ArrayOf(Segments(), count)
        select string.Join('.', segments);

    private static Gen<string> InvalidNames()
    {
        Gen<string> withUpper =
            from name in ValidNames()
            from position in Gen.Choose(0, name.Length)
            from upper in Gen.Elements("ABCDEFGHIJKLMNOPQRSTUVWXYZ".ToCharArray())
            select name.Insert(position, upper.ToString());

        Gen<string> withSpace =
            from name in ValidNames()
            from position in Gen.Choose(0, name.Length)
            select name.Insert(position, " ");

        Gen<string> withLeadingDigit =
            from name in ValidNames()
            from digit in Gen.Choose(0, 9)
            let segments = name.Split('.')
            from index in Gen.Choose(0, segments.Length - 1)
            select string.Join('.', segments.Select((s, i) => i == index ? $"{digit}{s[1..]}" : s));

        Gen<string> withEmptySegment =
            from name in ValidNames()
            let segments = name.Split('.')
            from index in Gen.Choose(0, segments.Length)
            select string.Join('.', segments.Take(index).Append(string.Empty).Concat(segments.Skip(index)));

        Gen<string> tooLong =
            from name in ValidNames()
            from extra in Gen.Choose(IntentName.MaxLength + 1, 400)
            select name + new string('x', extra - name.Length);

        return Gen.OneOf(withUpper, withSpace, withLeadingDigit, withEmptySegment, tooLong);
    }
}
