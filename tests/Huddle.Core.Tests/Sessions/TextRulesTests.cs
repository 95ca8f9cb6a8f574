using Huddle.Core.Sessions;

namespace Huddle.Core.Tests.Sessions;

/// <summary>
/// The rules every user text shares (<see cref="Validate.Text"/>): a limit in bytes besides the one in
/// characters, a cap on combining marks per character, and no invisible or direction characters in names.
/// </summary>
public class TextRulesTests
{
    private static readonly HuddleLimits Limits = new();

    private static string Code(Action act) => Assert.Throws<HuddleException>(act).Code;

    [Fact]
    public void Name_CombiningFloodOnOneCharacter_IsRefused()
    {
        // One "character" of the 20 allowed, 24 KB of marks: refused by bytes before anything else.
        Assert.Equal("invalid_name", Code(() => Validate.Name("a" + new string('\u0301', 12_000), Limits)));
        // Within the bytes (1 + 2 × 10 = 21 of 80) but ten marks on one letter.
        var flood = Assert.Throws<HuddleException>(() => Validate.Name("a" + new string('\u0301', 10), Limits));
        Assert.Equal("invalid_name", flood.Code);
        Assert.Contains("combining marks", flood.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_OverItsBytes_IsRefusedEvenWithinItsCharacters()
    {
        // Twenty family emoji are 20 characters (the limit) but 25 bytes each: 500 of 80 bytes.
        var families = string.Concat(Enumerable.Repeat("👩‍👩‍👧‍👦", 20));
        var error = Assert.Throws<HuddleException>(() => Validate.Name(families, Limits));
        Assert.Equal("invalid_name", error.Code);
        Assert.Contains("80 bytes", error.Message, StringComparison.Ordinal);
        Assert.Equal("invalid_title", Code(() => Validate.Title(string.Concat(Enumerable.Repeat("e\u0301\u0301\u0301", 80)), Limits)));
    }

    [Fact]
    public void Text_BytesAndMarks_FollowTheConfiguredLimits()
    {
        var strict = new HuddleLimits { CombiningMarksPerCharacter = 1, TextBytesPerCharacter = 4 };
        Assert.Equal("invalid_name", Code(() => Validate.Name("e\u0301\u0302", strict)));
        Assert.Equal("e\u0301", Validate.Name("e\u0301", strict));
        var roomy = new HuddleLimits { TextBytesPerCharacter = 32 };
        Assert.Equal("👩‍👩‍👧‍👦", Validate.Name("👩‍👩‍👧‍👦", new HuddleLimits { NameMaxLength = 1, TextBytesPerCharacter = 32 }));
        Assert.Equal("invalid_name", Code(() => Validate.Name("👩‍👩‍👧‍👦", new HuddleLimits { NameMaxLength = 1 })));
        Assert.Empty(roomy.Validate());
        Assert.NotEmpty(new HuddleLimits { TextBytesPerCharacter = 3 }.Validate());
        Assert.NotEmpty(new HuddleLimits { CombiningMarksPerCharacter = 0 }.Validate());
    }

    [Theory]
    [InlineData("Ann\u202Egnp.exe")] // right-to-left override: reads "Annexe.png"
    [InlineData("\u202BAnn\u202C")]
    [InlineData("Ann\u2066x\u2069")]
    [InlineData("\u200FAnn")]
    [InlineData("Ann\u200E")]
    [InlineData("An\u061Cn")]
    [InlineData("A\u200Bnn")] // zero-width space: looks exactly like "Ann"
    [InlineData("A\u2060nn")]
    [InlineData("\uFEFFAnn")]
    [InlineData("A\u00ADnn")] // soft hyphen
    [InlineData("A\u200Dnn")] // a joiner that joins nothing
    [InlineData("A\u200Cnn")] // a non-joiner between Latin letters
    [InlineData("A\u034Fnn")] // combining grapheme joiner (a mark, not a format character)
    [InlineData("Ann\u3164")] // Hangul filler: a blank letter
    [InlineData("A\uFE0Fnn")] // a variation selector on a Latin letter
    public void Name_InvisibleOrDirectionCharacter_IsRefused(string name)
    {
        var error = Assert.Throws<HuddleException>(() => Validate.Name(name, Limits));
        Assert.Equal("invalid_name", error.Code);
        Assert.Contains("invisible or direction-control", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Renée")]
    [InlineData("Rene\u0301e")] // decomposed: one mark
    [InlineData("Nguyễn Thị")]
    [InlineData("Tiê\u0301ng")] // two marks on one letter (Vietnamese, decomposed)
    [InlineData("👩‍👩‍👧‍👦 Fam")] // joiners inside one emoji
    [InlineData("❤️ Jo")] // emoji presentation selector
    [InlineData("1️⃣ Ace")] // keycap: selector + enclosing mark
    [InlineData("🏴󠁧󠁢󠁳󠁣󠁴󠁿 Mo")] // a flag of tag characters
    [InlineData("王小明")]
    [InlineData("محمد")]
    [InlineData("می\u200Cخواهم")] // Persian: a non-joiner between letters
    [InlineData("देवनागरी")]
    [InlineData("Ζωή")]
    public void Name_OrdinaryText_IsAccepted(string name)
    {
        Assert.Equal(name, Validate.Name(name, Limits));
    }

    [Theory]
    [InlineData("Ann\u202Egnp.exe")]
    [InlineData("\u200Bzero\u200Bwidth")]
    [InlineData("👩‍👩‍👧‍👦 family")]
    [InlineData("عربي and English")]
    public void Title_InvisibleOrDirectionCharacters_AreKept(string title)
    {
        // Only names are identities; titles and questions may mix directions (the web app isolates them).
        Assert.Equal(title, Validate.Title(title, Limits));
    }

    [Fact]
    public void Text_UnpairedSurrogate_IsRefused()
    {
        Assert.Equal("invalid_name", Code(() => Validate.Name("Ann\uD800", Limits)));
        Assert.Equal("invalid_title", Code(() => Validate.Title("x\uDC00y", Limits)));
    }

    [Fact]
    public void WithoutInvisible_TakesOutWhatNamesRefuse_AndKeepsEmoji()
    {
        Assert.Equal("Anngnp.exe", Validate.WithoutInvisible("Ann\u202Egnp.exe"));
        Assert.Equal("Ann", Validate.WithoutInvisible("A\u200Bn\u2060n\uFEFF"));
        Assert.Equal("👩‍👩‍👧‍👦", Validate.WithoutInvisible("👩‍👩‍👧‍👦"));
    }

    [Fact]
    public void JsonStrings_CombiningFlood_IsRefused()
    {
        Validate.JsonStrings(["plain", "Renée", "👩‍👩‍👧‍👦"], "'data'", "invalid_input", Limits.Text);
        Assert.Equal("invalid_input", Code(() => Validate.JsonStrings(["ok", "a" + new string('\u0301', 5)], "'data'", "invalid_input", Limits.Text)));
        Assert.Equal("invalid_input", Code(() => Validate.JsonStrings(["\uD800"], "'data'", "invalid_input", Limits.Text)));
    }
}
