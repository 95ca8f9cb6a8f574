using System.Text;
using Huddle.Core.Catalog;

namespace Huddle.Core.Tests.Catalog;

public class M3u8Tests
{
    [Fact]
    public void Write_ThenParse_GivesBackEverySongWithItsInfoAndLocation()
    {
        var text = M3u8.Write([new(183, "Nova Band", "Aurora Lights", "Night Skies/01 Aurora.mp3"), new(200, "Kai", "Line\nBreak", "huddle:s0001")]);

        Assert.StartsWith("#EXTM3U\n#EXTINF:183,Nova Band - Aurora Lights\nNight Skies/01 Aurora.mp3\n", text, StringComparison.Ordinal);
        var entries = M3u8.Parse(Encoding.UTF8.GetBytes(text));
        Assert.Equal(
            [new M3u8.Entry(3, "Night Skies/01 Aurora.mp3", "Nova Band", "Aurora Lights", 183), new M3u8.Entry(5, "huddle:s0001", "Kai", "Line Break", 200)],
            entries);
    }

    [Fact]
    public void Parse_ReadsPlainM3uWithBomCrLfAndAttributes()
    {
        var bytes = Encoding.UTF8.GetBytes("\uFEFF#EXTM3U\r\n#EXTINF:-1 tvg-id=\"x\",Just A Title\r\nsong.mp3\r\n\r\n# a comment\r\nother.flac\r\n");

        Assert.Equal([new M3u8.Entry(3, "song.mp3", null, "Just A Title", null), new M3u8.Entry(6, "other.flac", null, null, null)], M3u8.Parse(bytes));
    }

    [Theory]
    [InlineData(new byte[] { 0x23, 0xFF, 0xFE, 0x0A }, "invalid_playlist")] // not UTF-8
    [InlineData(new byte[] { 0x61, 0x00, 0x62 }, "invalid_playlist")] // a NUL
    [InlineData(new byte[] { 0x61, 0x1B, 0x5B, 0x32, 0x4A }, "invalid_playlist")] // a terminal escape
    public void Parse_RefusesBadBytesAndCharacters(byte[] bytes, string code) =>
        Assert.Equal(code, Assert.Throws<HuddleException>(() => M3u8.Parse(bytes)).Code);

    [Fact]
    public void Parse_RefusesOversizedFilesLinesAndSongCounts()
    {
        Assert.Equal("playlist_too_large", Assert.Throws<HuddleException>(() => M3u8.Parse(new byte[M3u8.MaxBytes + 1])).Code);
        Assert.Equal("invalid_playlist", Assert.Throws<HuddleException>(() => M3u8.Parse(Encoding.UTF8.GetBytes(new string('a', M3u8.MaxLineLength + 1)))).Code);
        var tooMany = string.Join('\n', Enumerable.Range(0, PlaylistRules.MaxSongs + 1).Select(i => $"s{i}.mp3"));
        Assert.Equal("playlist_too_large", Assert.Throws<HuddleException>(() => M3u8.Parse(Encoding.UTF8.GetBytes(tooMany))).Code);
    }
}
