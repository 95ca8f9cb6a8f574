using System.Globalization;
using System.Text;
using AnyAscii;

namespace Huddle.Core.Sessions;

/// <summary>
/// The classroom's word filter: a question holding a blocked word, as a whole word, ignoring case and
/// accents ("École" matches "ecole", "class" does not match "ass"), waits for a moderator instead of
/// being published. Both sides are folded the same way: transliterated to ASCII (AnyAscii; the
/// server runs in invariant globalization mode, where <c>string.Normalize</c> leaves accents alone),
/// lower-cased, then cut into words at every character that is not a letter or a digit.
/// </summary>
public static class WordFilter
{
    public const int MaxWords = 100;
    public const int MaxWordLength = 40;

    /// <summary>The words of a text, folded.</summary>
    public static IEnumerable<string> Words(string text)
    {
        var folded = text.Transliterate().ToLowerInvariant();
        var word = new StringBuilder();
        foreach (var c in folded)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                word.Append(c);
                continue;
            }

            if (word.Length > 0) yield return word.ToString();
            word.Clear();
        }

        if (word.Length > 0) yield return word.ToString();
    }

    /// <summary>
    /// Checks the host's list: at most <see cref="MaxWords"/> entries, each one word of 1 to
    /// <see cref="MaxWordLength"/> letters or digits (accents allowed) that folds to one word. Returns
    /// the trimmed words without repeats (equal once folded), in the order given.
    /// </summary>
    public static IReadOnlyList<string> ValidList(IReadOnlyList<string?>? words)
    {
        if (words is null) throw Invalid("Send the list of blocked words (an empty list turns the filter off).");
        if (words.Count > MaxWords) throw Invalid($"At most {MaxWords} blocked words.");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var valid = new List<string>();
        foreach (var raw in words)
        {
            var word = raw?.Trim() ?? "";
            if (word.Length is 0 or > MaxWordLength)
                throw Invalid($"A blocked word has 1 to {MaxWordLength} characters.");
            if (!word.All(IsWordCharacter))
                throw Invalid($"A blocked word is one word of letters or digits: \"{word}\" is not.");
            var folded = Words(word).ToList();
            if (folded.Count != 1) throw Invalid($"A blocked word is one word of letters or digits: \"{word}\" is not.");
            if (seen.Add(folded[0])) valid.Add(word);
        }

        return valid;
    }

    /// <summary>The folded form of a valid list, for matching.</summary>
    public static HashSet<string> Keys(IEnumerable<string> words) =>
        words.SelectMany(Words).ToHashSet(StringComparer.Ordinal);

    private static bool IsWordCharacter(char c) => CharUnicodeInfo.GetUnicodeCategory(c) is
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
        or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.NonSpacingMark
        or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.DecimalDigitNumber;

    private static HuddleException Invalid(string message) => Errors.Invalid(ErrorCodes.InvalidBlockedWords, message);
}
