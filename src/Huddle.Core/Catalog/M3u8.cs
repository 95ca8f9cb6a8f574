using System.Globalization;
using System.Text;

namespace Huddle.Core.Catalog;

/// <summary>
/// Extended M3U in UTF-8 (M3U8), the playlist format every player reads: <c>#EXTM3U</c>, then per
/// song <c>#EXTINF:&lt;seconds&gt;,&lt;artist&gt; - &lt;title&gt;</c> and a line with its location. An imported
/// file is input from anywhere: its size, line count, line length, bytes (strict UTF-8) and characters
/// (no controls but tab) are checked before anything is looked up.
/// </summary>
public static class M3u8
{
    public const int MaxBytes = 256 * 1024;
    public const int MaxLines = 4 * PlaylistRules.MaxSongs + 10;
    public const int MaxLineLength = 2000;

    /// <summary>One song of a file: its line number, location line and what its #EXTINF said (when it had one).</summary>
    public sealed record Entry(int Line, string Location, string? Artist, string? Title, int? Seconds);

    public sealed record Song(int Seconds, string Artist, string Title, string Location);

    public static string Write(IEnumerable<Song> songs)
    {
        var text = new StringBuilder("#EXTM3U\n");
        foreach (var s in songs)
        {
            text.Append(CultureInfo.InvariantCulture, $"#EXTINF:{s.Seconds},{OneLine(s.Artist)} - {OneLine(s.Title)}\n");
            text.Append(OneLine(s.Location)).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>The songs of an M3U/M3U8 file; throws <c>invalid_playlist</c> or <c>playlist_too_large</c>, naming the line.</summary>
    public static IReadOnlyList<Entry> Parse(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > MaxBytes) throw TooLarge($"A playlist file may have at most {MaxBytes} bytes.");
        string text;
        try
        {
            text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw Invalid("The playlist is not valid UTF-8 (M3U8).");
        }

        if (text.StartsWith('\uFEFF')) text = text[1..];
        var lines = text.Split('\n');
        if (lines.Length > MaxLines) throw TooLarge($"A playlist file may have at most {MaxLines} lines.");

        var entries = new List<Entry>();
        (string? Artist, string? Title, int? Seconds)? info = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            var number = i + 1;
            if (line.Length > MaxLineLength) throw Invalid($"Line {number} is longer than {MaxLineLength} characters.");
            if (line.Any(c => char.IsControl(c) && c != '\t') || HasUnpairedSurrogate(line))
                throw Invalid($"Line {number} contains control characters or broken text.");
            line = line.Trim();
            if (line.Length == 0) continue;
            if (line.StartsWith("#EXTINF:", StringComparison.OrdinalIgnoreCase)) info = Info(line["#EXTINF:".Length..]);
            else if (line.StartsWith('#')) continue; // #EXTM3U and other directives: nothing to resolve
            else
            {
                if (entries.Count == PlaylistRules.MaxSongs) throw TooLarge($"A playlist may have at most {PlaylistRules.MaxSongs} songs.");
                entries.Add(new Entry(number, line, info?.Artist, info?.Title, info?.Seconds));
                info = null;
            }
        }

        return entries;
    }

    /// <summary>"183,Artist - Title" (attributes such as tvg-id="…" before the comma are ignored).</summary>
    private static (string? Artist, string? Title, int? Seconds) Info(string value)
    {
        var comma = value.IndexOf(',', StringComparison.Ordinal);
        var head = comma < 0 ? value : value[..comma];
        var name = comma < 0 ? "" : value[(comma + 1)..].Trim();
        var secondsText = head.Split(' ', 2)[0];
        int? seconds = int.TryParse(secondsText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var s) && s is >= 0 and < 24 * 3600 ? s : null;
        var parts = name.Split(" - ", 2, StringSplitOptions.TrimEntries);
        return parts.Length == 2 ? (parts[0], parts[1], seconds) : (null, name.Length == 0 ? null : name, seconds);
    }

    private static string OneLine(string value) => value.Replace('\r', ' ').Replace('\n', ' ');

    private static bool HasUnpairedSurrogate(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) i++;
            else if (char.IsSurrogate(s[i])) return true;
        }

        return false;
    }

    private static HuddleException Invalid(string message) => Errors.Invalid(ErrorCodes.InvalidPlaylist, message);

    private static HuddleException TooLarge(string message) => Errors.Invalid(ErrorCodes.PlaylistTooLarge, message);
}
