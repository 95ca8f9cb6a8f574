using System.Security.Cryptography;
using System.Text;
using Huddle.Core.Coaching;
using Microsoft.Extensions.Options;

namespace Huddle.Server.Coaching;

/// <summary>
/// Each session's video room: the coach's own default link when they set one (<c>PUT /api/coaches/me/meeting-link</c>),
/// else a Jitsi Meet URL (https://meet.jit.si/Huddle-…) whose name is an HMAC of the booking's id under a key derived
/// from <c>Jwt:SigningKey</c> — 96 unguessable bits, the same on every node and after restarts, with nothing stored.
/// (Changing the signing key changes the generated links.)
/// </summary>
public sealed class MeetingLinks(IOptions<JwtOptions> jwt, ICoachCalendarStore coaches)
{
    public const string JitsiRoot = "https://meet.jit.si/";

    private readonly byte[] _key = SHA256.HashData(Encoding.UTF8.GetBytes("huddle-meeting-room:" + jwt.Value.SigningKey));

    public string For(Guid sessionId) =>
        $"{JitsiRoot}Huddle-{Convert.ToHexStringLower(HMACSHA256.HashData(_key, sessionId.ToByteArray())[..12])}";

    /// <summary>The session's link as it is now: the coach's own (read fresh, so a change reaches every session), else the generated room.</summary>
    public async Task<string> ForAsync(CoachingSession session, CancellationToken ct) =>
        await coaches.MeetingLinkAsync(session.CoachId, ct) ?? For(session.Id);
}
