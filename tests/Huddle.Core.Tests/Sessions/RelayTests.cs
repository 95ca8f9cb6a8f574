using System.Text;
using System.Text.Json;
using Huddle.Core.Catalog;
using Huddle.Core.Sessions;

namespace Huddle.Core.Tests.Sessions;

/// <summary>The relay's and the recommendations' input rules, checkable without a server.</summary>
public class RelayTests
{
    private static readonly HuddleLimits Limits = new();

    /// <summary>Writes 'é' as it is, as a sender's JSON text may.</summary>
    private static readonly JsonSerializerOptions Unescaped = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    [Theory]
    [InlineData("cursor:move")]
    [InlineData("a")]
    [InlineData("0_x-y")]
    public void ValidateName_Accepts_LowerCaseNames(string name) => Relay.ValidateName(name);

    [Theory]
    [InlineData("Bad Name")]
    [InlineData(":starts-with-colon")]
    [InlineData("")]
    [InlineData("wave\n")] // '$' would have let a trailing newline through
    [InlineData("ünicode")]
    public void ValidateName_Refuses_OtherNames(string name)
    {
        var error = Assert.Throws<HuddleException>(() => Relay.ValidateName(name));
        Assert.Equal("invalid_event_name", error.Code);
    }

    [Fact]
    public void ValidateName_Refuses_65Characters() =>
        Assert.Equal("invalid_event_name", Assert.Throws<HuddleException>(() => Relay.ValidateName(new string('a', 65))).Code);

    [Fact]
    public void ValidateData_AbsentData_IsRelayedAsNull() =>
        Assert.Equal(JsonValueKind.Null, Relay.ValidateData(default, Limits).ValueKind);

    [Fact]
    public void ValidateData_AtTheLimit_IsAccepted_OneByteMore_IsTooLarge()
    {
        // A JSON string of n ASCII letters is n + 2 bytes.
        var atLimit = Json(JsonSerializer.Serialize(new string('x', Limits.RelayDataMaxBytes - 2)));
        var over = Json(JsonSerializer.Serialize(new string('x', Limits.RelayDataMaxBytes - 1)));

        Assert.Equal(JsonValueKind.String, Relay.ValidateData(atLimit, Limits).ValueKind);
        Assert.Equal("event_too_large", Assert.Throws<HuddleException>(() => Relay.ValidateData(over, Limits)).Code);
    }

    [Fact]
    public void ValidateData_CountsTheBytesReceiversGet_NotTheSendersText()
    {
        // 400 'é' are 800 bytes of UTF-8 in the sender's text, but 2,402 bytes once escaped as \u00E9.
        var text = JsonSerializer.Serialize(new string('é', 400), Unescaped);
        Assert.True(Encoding.UTF8.GetByteCount(text) < Limits.RelayDataMaxBytes);

        Assert.Equal("event_too_large", Assert.Throws<HuddleException>(() => Relay.ValidateData(Json(text), Limits)).Code);
    }

    [Fact]
    public void ValidateData_UnpairedSurrogate_IsInvalidInput() =>
        Assert.Equal("invalid_input", Assert.Throws<HuddleException>(() => Relay.ValidateData(Json("{\"a\":\"\\ud800\"}"), Limits)).Code);

    [Theory]
    [InlineData(null, 10)]
    [InlineData(1, 1)]
    [InlineData(50, 50)]
    public void RecommendationLimit_DefaultsAndBounds(int? asked, int expected) => Assert.Equal(expected, Recommender.ValidLimit(asked));

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(51)]
    public void RecommendationLimit_OutOfRange_IsInvalidInput(int asked)
    {
        var error = Assert.Throws<HuddleException>(() => Recommender.ValidLimit(asked));
        Assert.Equal("invalid_input", error.Code);
        Assert.Equal("'limit' must be between 1 and 50.", error.Message);
    }
}
