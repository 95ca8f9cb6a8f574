using System.Globalization;

namespace Huddle.Core.Sessions;

/// <summary>Input rules shared by every door into the engine (REST and hub alike).</summary>
public static class Validate
{
    public static string Name(string? name, HuddleLimits limits) =>
        Text(name, "name", "invalid_name", limits.NameMaxLength, required: true)!;

    public static string Title(string? title, HuddleLimits limits) =>
        Text(title, "title", "invalid_title", limits.TitleMaxLength, required: false) ?? "";

    /// <summary>Trims, then rejects empty (when required), too long, or control characters.</summary>
    public static string? Text(string? value, string field, string code, int maxLength, bool required)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            if (required) throw Errors.Invalid(code, $"{field} is required.");
            return null;
        }

        // Length in what a person sees as characters (an emoji counts once), not UTF-16 units.
        if (new StringInfo(trimmed).LengthInTextElements > maxLength)
            throw Errors.Invalid(code, $"{field} must be at most {maxLength} characters.");
        if (trimmed.Any(char.IsControl))
            throw Errors.Invalid(code, $"{field} must not contain control characters.");
        if (trimmed.All(c => char.IsWhiteSpace(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format))
            throw Errors.Invalid(code, $"{field} must contain visible characters.");
        return trimmed;
    }
}
