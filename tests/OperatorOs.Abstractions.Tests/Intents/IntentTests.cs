using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace OperatorOs.Abstractions.Tests.Intents;

public class IntentTests
{
    private static readonly DateTimeOffset Now = new(2026, 9, 1, 9, 30, 15, 123, TimeSpan.Zero);

    [Fact]
    public void Constructor_ValidArguments_SetsEveryProperty()
    {
        // Arrange
        JsonElement payload = TestJson.Parse("""{"question":"when?"}""");

        // Act
        var intent = new Intent("i-1", "student.question", payload, "email:inbox", TrustLevel.Untrusted, "c-1", Now);

        // Assert
        Assert.Equal("i-1", intent.Id);
        Assert.Equal("student.question", intent.Name);
        Assert.Equal("when?", intent.Payload.GetProperty("question").GetString());
        Assert.Equal("email:inbox", intent.Source);
        Assert.Equal(TrustLevel.Untrusted, intent.Trust);
        Assert.Equal("c-1", intent.CorrelationId);
        Assert.Equal(Now, intent.CreatedAt);
    }

    [Fact]
    public void Constructor_PayloadDocumentDisposedAfterwards_KeepsItsOwnCopy()
    {
        // Arrange
        var document = JsonDocument.Parse("""{"n":42}""");

        // Act
        var intent = new Intent("i-1", "student.question", document.RootElement, "test", TrustLevel.Operator, "c-1", Now);
        document.Dispose();

        // Assert
        Assert.Equal(42, intent.Payload.GetProperty("n").GetInt32());
    }

    [Fact]
    public void Constructor_UndefinedPayload_KeepsUndefined()
    {
        var intent = new Intent("i-1", "student.question", default, "test", TrustLevel.Operator, "c-1", Now);

        Assert.Equal(JsonValueKind.Undefined, intent.Payload.ValueKind);
    }

    [Theory]
    [InlineData("Student.question")]
    [InlineData("student question")]
    [InlineData("1student")]
    [InlineData("student..question")]
    [InlineData("")]
    public void Constructor_MalformedName_ThrowsNamingName(string name)
    {
        var error = Assert.Throws<InvalidIntentException>(() => new Intent("i-1", name, default, "test", TrustLevel.Operator, "c-1", Now));

        Assert.Equal(nameof(Intent.Name), error.Field);
        Assert.Contains(IntentName.Rule, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\t\n")]
    public void Constructor_EmptySource_ThrowsNamingSource(string source)
    {
        var error = Assert.Throws<InvalidIntentException>(() => new Intent("i-1", "student.question", default, source, TrustLevel.Operator, "c-1", Now));

        Assert.Equal(nameof(Intent.Source), error.Field);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(3)]
    [InlineData(int.MaxValue)]
    public void Constructor_UndefinedTrust_ThrowsNamingTrust(int trust)
    {
        var error = Assert.Throws<InvalidIntentException>(() => new Intent("i-1", "student.question", default, "test", (TrustLevel)trust, "c-1", Now));

        Assert.Equal(nameof(Intent.Trust), error.Field);
    }

    [Fact]
    public void Constructor_EmptyId_ThrowsNamingId()
    {
        var error = Assert.Throws<InvalidIntentException>(() => new Intent(string.Empty, "student.question", default, "test", TrustLevel.Operator, "c-1", Now));

        Assert.Equal(nameof(Intent.Id), error.Field);
    }

    [Fact]
    public void Constructor_EmptyCorrelationId_ThrowsNamingCorrelationId()
    {
        var error = Assert.Throws<InvalidIntentException>(() => new Intent("i-1", "student.question", default, "test", TrustLevel.Operator, string.Empty, Now));

        Assert.Equal(nameof(Intent.CorrelationId), error.Field);
    }

    [Fact]
    public void Constructor_NullStrings_ThrowArgumentNull()
    {
        Assert.Throws<ArgumentNullException>(() => new Intent(null!, "student.question", default, "test", TrustLevel.Operator, "c-1", Now));
        Assert.Throws<ArgumentNullException>(() => new Intent("i-1", null!, default, "test", TrustLevel.Operator, "c-1", Now));
        Assert.Throws<ArgumentNullException>(() => new Intent("i-1", "student.question", default, null!, TrustLevel.Operator, "c-1", Now));
        Assert.Throws<ArgumentNullException>(() => new Intent("i-1", "student.question", default, "test", TrustLevel.Operator, null!, Now));
    }

    [Fact]
    public void InvalidIntentException_Message_NamesFieldAndProblem()
    {
        var error = new InvalidIntentException("Source", "must not be empty");

        Assert.Equal("Invalid intent: Source must not be empty.", error.Message);
        Assert.IsAssignableFrom<OperatorOsException>(error);
    }

    [Fact]
    public void Create_FakeClock_StampsCreatedAtAndVersion7IdFromTheClock()
    {
        // Arrange
        var clock = new FakeTimeProvider(Now);

        // Act
        Intent intent = Intent.Create("student.question", TestJson.Parse("{}"), "operator:cli", TrustLevel.Operator, clock);

        // Assert
        Assert.Equal(Now, intent.CreatedAt);
        var id = Guid.ParseExact(intent.Id, "n");
        Assert.Equal(7, id.Version);
        string hex = intent.Id[..12];
        long unixMilliseconds = Convert.ToInt64(hex, 16);
        Assert.Equal(Now.ToUnixTimeMilliseconds(), unixMilliseconds);
    }

    [Fact]
    public void Create_NoCorrelationId_UsesTheIdAsCorrelationId()
    {
        Intent intent = Intent.Create("student.question", default, "test", TrustLevel.Internal, new FakeTimeProvider(Now));

        Assert.Equal(intent.Id, intent.CorrelationId);
        Assert.Equal(32, intent.Id.Length);
    }

    [Fact]
    public void Create_GivenCorrelationId_JoinsIt()
    {
        Intent intent = Intent.Create("student.question", default, "test", TrustLevel.Internal, new FakeTimeProvider(Now), "existing");

        Assert.Equal("existing", intent.CorrelationId);
        Assert.NotEqual("existing", intent.Id);
    }

    [Fact]
    public void Create_SameInstantTwice_GivesDistinctIds()
    {
        var clock = new FakeTimeProvider(Now);

        Intent first = Intent.Create("student.question", default, "test", TrustLevel.Internal, clock);
        Intent second = Intent.Create("student.question", default, "test", TrustLevel.Internal, clock);

        Assert.NotEqual(first.Id, second.Id);
    }

    [Fact]
    public void Create_MalformedName_ThrowsNamingName()
    {
        var error = Assert.Throws<InvalidIntentException>(() => Intent.Create("Bad Name", default, "test", TrustLevel.Internal, new FakeTimeProvider(Now)));

        Assert.Equal(nameof(Intent.Name), error.Field);
    }

    [Fact]
    public void Create_NullClock_ThrowsArgumentNull()
    {
        Assert.Throws<ArgumentNullException>(() => Intent.Create("student.question", default, "test", TrustLevel.Internal, null!));
    }
}
