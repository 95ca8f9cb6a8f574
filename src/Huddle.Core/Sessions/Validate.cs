using System.Globalization;
using System.Text;

namespace Huddle.Core.Sessions;

/// <summary>How a user text may be written.</summary>
public enum TextShape
{
    /// <summary>One line: no control characters (titles, booking titles).</summary>
    Line,

    /// <summary>Several lines: CR LF becomes LF; LF and tab allowed, other control characters not (questions, completion notes).</summary>
    Lines,

    /// <summary>Kept as typed (not trimmed, may be blank): LF and tab allowed (the shared notes of a coaching room).</summary>
    Document,

    /// <summary>One line, and no invisible or direction-control characters (display names, host names, account names).</summary>
    Name,
}

/// <summary>
/// The size rules every user text shares on top of its own character limit: a character (what a person
/// sees as one, a grapheme) can carry any number of combining marks and a joined emoji any number of
/// parts, so a limit in characters alone lets one "character" weigh kilobytes. Each text may use
/// <see cref="BytesPerCharacter"/> bytes of UTF-8 per character of its limit, and no character may
/// carry more than <see cref="MarksPerCharacter"/> combining marks.
/// </summary>
public sealed record TextLimits(int BytesPerCharacter = 4, int MarksPerCharacter = 4)
{
    public static readonly TextLimits Default = new();

    public int MaxBytes(int maxLength) => maxLength * BytesPerCharacter;
}

/// <summary>Input rules shared by every door into the engine (REST and hub alike).</summary>
public static class Validate
{
    public static string Name(string? name, HuddleLimits limits) =>
        Text(name, "name", ErrorCodes.InvalidName, limits.NameMaxLength, required: true, limits.Text, TextShape.Name)!;

    public static string Title(string? title, HuddleLimits limits) =>
        Text(title, "title", ErrorCodes.InvalidTitle, limits.TitleMaxLength, required: false, limits.Text) ?? "";

    public const int AccountNameMaxLength = 40;

    /// <summary>A coaching account's display name: a participant name's rules, at most 40 characters.</summary>
    public static string AccountName(string? name, TextLimits text) =>
        Text(name, "The name", ErrorCodes.InvalidName, AccountNameMaxLength, required: true, text, TextShape.Name)!;

    /// <summary>
    /// Trims (except a <see cref="TextShape.Document"/>), then refuses with <paramref name="code"/>: empty
    /// (when required), more than <paramref name="maxLength"/> characters or their bytes, a character with
    /// too many combining marks, an unpaired surrogate, control characters the shape does not allow, no
    /// visible character, and in a name invisible or direction-control characters.
    /// </summary>
    public static string? Text(
        string? value, string field, string code, int maxLength, bool required, TextLimits limits, TextShape shape = TextShape.Line)
    {
        var text = shape is TextShape.Lines or TextShape.Document ? value?.Replace("\r\n", "\n", StringComparison.Ordinal) : value;
        if (shape != TextShape.Document) text = text?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            if (required) throw Errors.Invalid(code, $"{field} is required.");
            return text is null || shape != TextShape.Document ? null : "";
        }

        // Bytes first: the cheapest check, and it bounds the work of the ones below.
        var maxBytes = limits.MaxBytes(maxLength);
        if (Encoding.UTF8.GetByteCount(text) > maxBytes)
            throw Errors.Invalid(code, $"{field} must be at most {maxBytes} bytes of UTF-8 ({maxLength} characters).");
        if (UnpairedSurrogate(text))
            throw Errors.Invalid(code, $"{field} contains an unpaired surrogate (not valid text).");
        var lines = shape is TextShape.Lines or TextShape.Document;
        if (text.Any(c => char.IsControl(c) && !(lines && c is '\n' or '\t')))
            throw Errors.Invalid(code, lines
                ? $"{field} must not contain control characters other than line breaks and tabs."
                : $"{field} must not contain control characters.");

        // Length in what a person sees as characters (an emoji counts once), not UTF-16 units.
        if (Characters(text, field, code, limits) > maxLength)
            throw Errors.Invalid(code, $"{field} must be at most {maxLength} characters.");
        if (shape != TextShape.Document && text.All(c => char.IsWhiteSpace(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format))
            throw Errors.Invalid(code, $"{field} must contain visible characters.");
        if (shape == TextShape.Name && FirstInvisible(text) is { } at)
            throw Errors.Invalid(code, $"{field} must not contain invisible or direction-control characters (U+{Rune.GetRuneAt(text, at).Value:X4}).");
        return text;
    }

    /// <summary>
    /// The strings inside a JSON value (relay data): an unpaired surrogate or a character with more than
    /// the allowed combining marks is refused like in any other text. Its size is the caller's check.
    /// </summary>
    public static void JsonStrings(IEnumerable<string> strings, string field, string code, TextLimits limits)
    {
        foreach (var s in strings)
        {
            if (UnpairedSurrogate(s)) throw Errors.Invalid(code, $"{field} contains an unpaired surrogate (not valid text).");
            Characters(s, field, code, limits);
        }
    }

    /// <summary>Counts the characters (graphemes), refusing one that carries more combining marks than allowed.</summary>
    private static int Characters(string text, string field, string code, TextLimits limits)
    {
        var length = 0;
        var elements = StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext())
        {
            length++;
            if (Marks(elements.GetTextElement()) > limits.MarksPerCharacter)
                throw Errors.Invalid(code, $"{field} must not have more than {limits.MarksPerCharacter} combining marks on one character.");
        }

        return length;
    }

    /// <summary>A name with what <see cref="TextShape.Name"/> refuses taken out (for names written before that rule, e.g. accounts').</summary>
    public static string WithoutInvisible(string name)
    {
        while (FirstInvisible(name) is { } at) name = name.Remove(at, Rune.GetRuneAt(name, at).Utf16SequenceLength);
        return name;
    }

    /// <summary>
    /// Where the first character a name must not contain is, or null. Refused: direction controls
    /// (U+061C, U+200E/F, U+202A–202E, U+2066–2069), which make "Ann‮gnp.exe" read "Annexe.png"; every
    /// other format character (zero-width space U+200B, word joiner U+2060, BOM U+FEFF, soft hyphen…) and
    /// the blank letters (Hangul fillers, U+034F, U+2800), which make "A​nn" look like "Ann". Kept where
    /// they mean something: a zero-width joiner inside one character (an emoji sequence such as a family,
    /// as the grapheme rules join them), a zero-width non-joiner between two letters of a script that uses
    /// it (Arabic, Persian, Indic: from U+0600), tag characters in an emoji flag (after U+1F3F4) and
    /// variation selectors on anything but a Latin letter.
    /// </summary>
    private static int? FirstInvisible(string text)
    {
        var elements = StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext())
        {
            var element = elements.GetTextElement();
            var start = elements.ElementIndex;
            var baseRune = Rune.GetRuneAt(element, 0);
            for (var i = 0; i < element.Length;)
            {
                var rune = Rune.GetRuneAt(element, i);
                var next = i + rune.Utf16SequenceLength;
                var allowed = rune.Value switch
                {
                    0x061C or 0x200E or 0x200F or (>= 0x202A and <= 0x202E) or (>= 0x2066 and <= 0x2069) => false,
                    0x034F or 0x115F or 0x1160 or 0x3164 or 0xFFA0 or 0x2800 or 0x17B4 or 0x17B5 => false,
                    0x200D => i > 0 && next < element.Length,
                    0x200C => JoinsLetters(text, start + i, start + next),
                    >= 0xE0020 and <= 0xE007F => baseRune.Value == 0x1F3F4,
                    (>= 0xFE00 and <= 0xFE0F) or (>= 0xE0100 and <= 0xE01EF) => !char.IsAsciiLetter(element[0]),
                    _ => Rune.GetUnicodeCategory(rune) != UnicodeCategory.Format,
                };
                if (!allowed) return start + i;
                i = next;
            }
        }

        return null;
    }

    private static bool JoinsLetters(string text, int at, int after) =>
        at > 0 && after < text.Length
        && Rune.TryGetRuneAt(text, at - (char.IsLowSurrogate(text[at - 1]) ? 2 : 1), out var before)
        && Rune.TryGetRuneAt(text, after, out var following)
        && ScriptLetter(before) && ScriptLetter(following);

    private static bool ScriptLetter(Rune rune) =>
        rune.Value >= 0x0600 && (Rune.IsLetter(rune) || Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark);

    private static int Marks(string element)
    {
        var marks = 0;
        foreach (var rune in element.EnumerateRunes())
        {
            if (Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark)
                marks++;
        }

        return marks;
    }

    private static bool UnpairedSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (!char.IsSurrogate(text[i])) continue;
            if (!char.IsHighSurrogate(text[i]) || i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1])) return true;
            i++;
        }

        return false;
    }
}
