using System.Text;
using System.Text.Json;

namespace Huddle.Server.Tests.Fuzz;

/// <summary>Ids and tokens the fuzzer may aim at: unknown ones, another session's, replayed ones.</summary>
public sealed record TargetPool(IReadOnlyList<string> Codes, IReadOnlyList<string> Ids, IReadOnlyList<string> Tokens);

/// <summary>
/// A deterministic source of hostile JSON (as raw text, so it can carry what serializers refuse:
/// lone surrogates, duplicate keys, 1e999). Same seed, same cases.
/// </summary>
public sealed class Hostile(Random rng, TargetPool pool)
{
    /// <summary>Names that look like others (issue 16): direction controls, zero-width and blank characters.</summary>
    private static readonly string[] Disguised =
    [
        "Ann\u202Egnp.exe", "A\u200Bnn", "A\u2060nn", "A\u200Dnn", "A\u034Fnn", "Ann\u3164", "\u2800", "\u200F\u061C", "A\uFE0Fnn",
    ];

    private static readonly string[] Nasty =
    [
        "", " ", "\t\n", "null", "undefined", "0", "-1", "NaN", "true", "[]", "{}", "__proto__", "constructor",
        "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "\"><svg onload=alert(1)>", "' OR 1=1 --", "'; DROP TABLE sessions; --",
        "../../etc/passwd", "..\\..\\windows", "%00", "%2e%2e%2f", "${jndi:ldap://x}", "{{7*7}}", "\u202Egnp.exe", "\u200B\u200B",
        "\u0000", "\u0007bell", "\u001b[31mred", "\u2028\u2029", "\uFEFF", "\uFFFF", "e\u0301\u0301\u0301", "👩‍👩‍👧‍👦", "🎵🎶",
        "ＡＢＣＤＥＦ", "abcdef", "ABCDEF", "aBcDeF", "s0001", "q_", "p_", "Z", "9999999999", "-9223372036854775808",
        .. Disguised,
    ];

    /// <summary>Combining marks on one letter: the characters a limit in graphemes counts once (issue 16).</summary>
    private static readonly char[] Marks = ['\u0301', '\u0300', '\u0489', '\u036F', '\u20DD', '\u0903'];

    private static readonly string[] RawNumbers =
    [
        "0", "-0", "1", "-1", "2", "-2", "0.5", "1e308", "-1e308", "1e999", "-1e999", "1e-999", "9223372036854775807", "9223372036854775808",
        "-9223372036854775809", "2147483648", "-2147483649", "4294967296", "123456789012345678901234567890", "3.4028235e39", "0.0000001",
    ];

    public Random Random => rng;

    /// <summary>A raw JSON value of any kind.</summary>
    public string Value(int depth = 0) => rng.Next(12) switch
    {
        0 => "null",
        1 => rng.Next(2) == 0 ? "true" : "false",
        2 or 3 => RawNumbers[rng.Next(RawNumbers.Length)],
        4 or 5 or 6 => Text(),
        7 => depth > 2 ? "[]" : "[" + string.Join(',', Enumerable.Range(0, rng.Next(4)).Select(_ => Value(depth + 1))) + "]",
        8 => depth > 2 ? "{}" : Obj(depth + 1),
        9 => Deep(rng.Next(5, 60)),
        10 => Quote(Target()),
        _ => Text(),
    };

    /// <summary>A raw JSON string literal: nasty, huge, control/bidi characters, lone surrogates.</summary>
    public string Text() => rng.Next(12) switch
    {
        0 => Quote(new string('x', rng.Next(2_000, 20_000))),
        10 => "\"" + Flood() + "\"", // raw UTF-8, as a browser sends it: 10,000 marks are 20 to 30 KB, within the hub's 32 KB
        11 => Quote(Disguised[rng.Next(Disguised.Length)]),
        1 => "\"\\ud800\"",
        2 => "\"a\\udc00b\"",
        3 => Quote(string.Concat(Enumerable.Range(0, rng.Next(1, 40)).Select(_ => (char)rng.Next(0, 0x20)))),
        4 => Quote("\u202E\u2066" + Nasty[rng.Next(Nasty.Length)] + "\u2069\u202C"),
        5 or 6 => Quote(Target()),
        _ => Quote(Nasty[rng.Next(Nasty.Length)]),
    };

    /// <summary>A combining flood: a few letters, one of them under 5 to 10,000 marks (one character, up to 30 KB).</summary>
    public string Flood()
    {
        var marks = new string(Enumerable.Range(0, rng.Next(5, 10_000)).Select(_ => Marks[rng.Next(Marks.Length)]).ToArray());
        return rng.Next(3) switch { 0 => "a" + marks, 1 => "Why" + marks + "?", _ => "Ann " + marks + " Lee" };
    }

    /// <summary>A target-ish string: another session's code or id, a replayed token, or an unknown one.</summary>
    public string Target() => rng.Next(4) switch
    {
        0 => Pick(pool.Codes),
        1 => Pick(pool.Ids),
        2 => Pick(pool.Tokens),
        _ => Nasty[rng.Next(Nasty.Length)],
    };

    /// <summary>
    /// A JSON object shaped like <paramref name="fields"/> (name → a plausible raw value), then
    /// mangled: fields dropped, set to hostile values of the wrong type, doubled, or joined by extras.
    /// </summary>
    public string Shaped(IReadOnlyDictionary<string, Func<Hostile, string>> fields)
    {
        var parts = new List<string>();
        foreach (var (name, plausible) in fields)
        {
            switch (rng.Next(6))
            {
                case 0: break; // missing
                case 1: parts.Add($"{Quote(name)}:{Value()}"); break;
                case 2: parts.Add($"{Quote(name)}:null"); break;
                case 3:
                    parts.Add($"{Quote(name)}:{Value()}");
                    parts.Add($"{Quote(name)}:{plausible(this)}"); // duplicate key
                    break;
                default: parts.Add($"{Quote(name)}:{plausible(this)}"); break;
            }
        }

        if (rng.Next(4) == 0) parts.Add($"{Quote(Nasty[rng.Next(Nasty.Length)])}:{Value()}");
        if (rng.Next(8) == 0) parts.Add($"{Quote(fields.Keys.FirstOrDefault()?.ToUpperInvariant() ?? "X")}:{Value()}"); // case games
        return "{" + string.Join(',', parts.OrderBy(_ => rng.Next())) + "}";
    }

    public string Obj(int depth) =>
        "{" + string.Join(',', Enumerable.Range(0, rng.Next(4)).Select(_ => $"{Quote(Nasty[rng.Next(Nasty.Length)])}:{Value(depth)}").Distinct()) + "}";

    /// <summary>
    /// Nesting depths past the JSON reader's 64-level default, within the REST body limit (64 KB);
    /// the first three also within the hub's 32 KB. 100,000 levels take 200 KB: sent on their own.
    /// </summary>
    public static readonly int[] DeepLevels = [65, 1_000, 10_000, 30_000];

    /// <summary>Strings the server must accept and store exactly (no control characters, not blank, no outer spaces).</summary>
    private static readonly string[] Legal =
    [
        "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "\"><svg onload=alert(1)>", "' OR 1=1 --", "{{7*7}} ${x}",
        "\u202Egnp.exe", "\u2066isolated\u2069 text", "\u200Bzero\u200Bwidth", "👩‍👩‍👧‍👦 family", "🎵🎶 Night", "e\u0301\u0301 é",
        "ＡＢＣ 全角", "日本語のタイトル", "عربي", "=HYPERLINK(\"x\")", "a,b;\"c\"", "Plain",
    ];

    /// <summary>A legal hostile string, sometimes exactly <paramref name="max"/> characters (ASCII, or emoji counted once each).</summary>
    public string LegalText(int max) => rng.Next(4) switch
    {
        0 => new string('x', max),
        1 => string.Concat(Enumerable.Repeat("👍", max)),
        _ => Legal[rng.Next(Legal.Length)],
    };

    /// <summary>Pure array nesting, two bytes a level, so deep documents stay small.</summary>
    public static string DeepArray(int levels) => new string('[', levels) + "1" + new string(']', levels);

    public static string Deep(int levels)
    {
        var text = new StringBuilder();
        for (var i = 0; i < levels; i++) text.Append(i % 2 == 0 ? "[" : "{\"a\":");
        text.Append('1');
        for (var i = levels - 1; i >= 0; i--) text.Append(i % 2 == 0 ? "]" : "}");
        return text.ToString();
    }

    /// <summary>A hostile path segment (URL-escaped as a client would send it, sometimes not).</summary>
    public string Segment() => rng.Next(6) switch
    {
        0 => Uri.EscapeDataString(new string('Z', rng.Next(13, 5_000))),
        1 => "%ZZ",
        2 => Uri.EscapeDataString(Target()),
        3 => "..%2F..%2Fetc",
        _ => Uri.EscapeDataString(Nasty[rng.Next(Nasty.Length)]) is { Length: > 0 } s ? s : "%20",
    };

    public string Number() => RawNumbers[rng.Next(RawNumbers.Length)];

    public static string Quote(string s) => JsonSerializer.Serialize(s);

    private string Pick(IReadOnlyList<string> values) => values.Count == 0 ? "x" : values[rng.Next(values.Count)];
}
