using System.Collections.Frozen;
using Huddle.Core;

namespace Huddle.Server.Coaching;

/// <summary>
/// What a new password must be: 10 to 128 characters, not made of only a few distinct characters,
/// not the account's e-mail address or its local part, and not one of the common passwords shipped
/// with the server (<c>common-passwords.txt</c>, composed by tools/passwords). Case is ignored in
/// the comparisons, so "Password1234" is as refused as "password1234". A refusal is
/// <c>weak_password</c> with a <c>reason</c> the web app can show.
/// </summary>
public static class PasswordRules
{
    public const int MinLength = 10;
    public const int MaxLength = 128;

    private static readonly Lazy<FrozenSet<string>> Common = new(Load);

    /// <summary>Throws <c>weak_password</c> (with <c>reason</c>: too_short, too_long, too_simple, email, common).</summary>
    public static void Check(string? password, string normalizedEmail)
    {
        if (password is null || password.Length < MinLength) throw Weak("too_short", $"The password needs at least {MinLength} characters.");
        if (password.Length > MaxLength) throw Weak("too_long", $"The password is at most {MaxLength} characters.");
        if (password.Distinct().Count() < 4) throw Weak("too_simple", "The password is too simple: use more different characters.");
        var lowered = password.Trim().ToLowerInvariant();
        var at = normalizedEmail.IndexOf('@', StringComparison.Ordinal);
        if (lowered == normalizedEmail || (at > 0 && lowered == normalizedEmail[..at]))
            throw Weak("email", "The password cannot be your e-mail address.");
        if (IsCommon(password)) throw Weak("common", "This password is too common: it is among the first an attacker tries.");
    }

    public static bool IsCommon(string password) => Common.Value.Contains(password.ToLowerInvariant());

    public static int CommonCount => Common.Value.Count;

    private static HuddleException Weak(string reason, string message)
    {
        var error = Errors.Invalid(ErrorCodes.WeakPassword, message);
        error.Data["reason"] = reason;
        return error;
    }

    private static FrozenSet<string> Load()
    {
        using var stream = typeof(PasswordRules).Assembly.GetManifestResourceStream("Huddle.Server.Coaching.common-passwords.txt")
            ?? throw new InvalidOperationException("The common password list is missing from the build.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && line[0] != '#') set.Add(line.ToLowerInvariant());
        }

        return set.ToFrozenSet(StringComparer.Ordinal);
    }
}
