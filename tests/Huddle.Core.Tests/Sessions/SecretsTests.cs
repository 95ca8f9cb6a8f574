using Huddle.Core.Sessions;

namespace Huddle.Core.Tests.Sessions;

public class SecretsTests
{
    [Fact]
    public void CodeAlphabet_HasNoLookAlikes()
    {
        foreach (var c in "0O1IL") Assert.DoesNotContain(c, Secrets.CodeAlphabet);
        Assert.All(Secrets.CodeAlphabet, c => Assert.True(char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c)));
        Assert.Equal(Secrets.CodeAlphabet.Length, Secrets.CodeAlphabet.Distinct().Count());
    }

    [Fact]
    public void NewCode_IsSixCharactersFromTheAlphabet()
    {
        var codes = Enumerable.Range(0, 500).Select(_ => Secrets.NewCode()).ToList();

        Assert.All(codes, code =>
        {
            Assert.Equal(6, code.Length);
            Assert.All(code, c => Assert.Contains(c, Secrets.CodeAlphabet));
        });
        // 3,000 random characters over 31 symbols: every run uses far more than a handful of them.
        Assert.True(codes.SelectMany(c => c).Distinct().Count() > 20);
        Assert.True(codes.Distinct(StringComparer.Ordinal).Count() > 490);
    }

    [Fact]
    public void NewCode_IsAlwaysANormalizedCode()
    {
        for (var i = 0; i < 100; i++)
        {
            var code = Secrets.NewCode();
            Assert.Equal(code, Secrets.NormalizeCode(code));
        }
    }

    [Theory]
    [InlineData("ABCDEF", "ABCDEF")]
    [InlineData("abcdef", "ABCDEF")]
    [InlineData("  xyz234  ", "XYZ234")]
    [InlineData("abc-def", "ABCDEF")]
    [InlineData("abc def", "ABCDEF")]
    [InlineData("\tq9r8s7\n", "Q9R8S7")]
    public void NormalizeCode_AcceptsCaseSpacesAndDashes(string input, string expected)
    {
        Assert.Equal(expected, Secrets.NormalizeCode(input));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("ABCDE")]
    [InlineData("ABCDEFG")]
    [InlineData("ABCDE0")]
    [InlineData("ABCDEO")]
    [InlineData("ABCDE1")]
    [InlineData("ABCDEI")]
    [InlineData("ABCDEL")]
    [InlineData("abcdel")]
    [InlineData("ABC!EF")]
    [InlineData("ABCDÉF")]
    public void NormalizeCode_RejectsWrongLengthOrCharacters(string? input)
    {
        Assert.Null(Secrets.NormalizeCode(input));
    }

    [Fact]
    public void NewToken_IsDistinctAndUrlSafe()
    {
        var tokens = Enumerable.Range(0, 200).Select(_ => Secrets.NewToken()).ToList();

        Assert.Equal(tokens.Count, tokens.Distinct(StringComparer.Ordinal).Count());
        Assert.All(tokens, t =>
        {
            Assert.Equal(43, t.Length); // 32 bytes, base64url without padding
            Assert.All(t, c => Assert.True(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'));
        });
    }

    [Fact]
    public void HashToken_IsStableLowerHexSha256()
    {
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Secrets.HashToken("abc"));

        var token = Secrets.NewToken();
        Assert.Equal(Secrets.HashToken(token), Secrets.HashToken(token));
        Assert.NotEqual(Secrets.HashToken(token), Secrets.HashToken(Secrets.NewToken()));
        Assert.DoesNotContain(token, Secrets.HashToken(token), StringComparison.Ordinal);
    }

    [Fact]
    public void NewId_HasPrefixAndIsUnique()
    {
        var ids = Enumerable.Range(0, 200).Select(_ => Secrets.NewId("p_")).ToList();

        Assert.All(ids, id => Assert.StartsWith("p_", id, StringComparison.Ordinal));
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
    }
}
