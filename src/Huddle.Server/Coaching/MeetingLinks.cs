using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Huddle.Server.Coaching;

/// <summary>
/// Each session's video room: a Jitsi Meet URL (https://meet.jit.si/Huddle-…) whose name is an HMAC of
/// the booking's id under a key derived from <c>Jwt:SigningKey</c> — 96 unguessable bits, the same on
/// every node and after restarts, with nothing stored. (Changing the signing key changes the links.)
/// </summary>
public sealed class MeetingLinks(IOptions<JwtOptions> jwt)
{
    public const string JitsiRoot = "https://meet.jit.si/";

    private readonly byte[] _key = SHA256.HashData(Encoding.UTF8.GetBytes("huddle-meeting-room:" + jwt.Value.SigningKey));

    public string For(Guid sessionId) =>
        $"{JitsiRoot}Huddle-{Convert.ToHexStringLower(HMACSHA256.HashData(_key, sessionId.ToByteArray())[..12])}";
}
