using System.Security.Cryptography;
using System.Text;

namespace Huddle.Core.Sessions;

/// <summary>Join codes, participant tokens and ids, all from a CSPRNG.</summary>
public static class Secrets
{
    /// <summary>Upper-case letters and digits without the look-alikes 0/O, 1/I/L.</summary>
    public const string CodeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

    public const int CodeLength = 6;

    public static string NewCode() => RandomNumberGenerator.GetString(CodeAlphabet, CodeLength);

    /// <summary>Normalizes user input (case, spaces, dashes); null when it cannot be a code.</summary>
    public static string? NormalizeCode(string? input)
    {
        if (input is null) return null;
        var code = input.Trim().Replace("-", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        return code.Length == CodeLength && code.All(c => CodeAlphabet.Contains(c, StringComparison.Ordinal)) ? code : null;
    }

    /// <summary>256 bits, URL-safe: the participant's proof of identity on rejoin.</summary>
    public static string NewToken() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string HashToken(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>
    /// A device id is stored only hashed and salted with the session id, so the same browser
    /// cannot be recognised across sessions from stored state.
    /// </summary>
    public static string HashDevice(Guid sessionId, string deviceId) => HashToken(sessionId.ToString("N") + ":" + deviceId);

    public static string NewId(string prefix) => prefix + Base64Url(RandomNumberGenerator.GetBytes(9));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
