using Huddle.Core.Sessions;

namespace Huddle.Server.Contracts;

/// <summary>
/// The host's connections are all closed (a closed tab, a phone asleep): since when, and when the
/// host role passes to the earliest-joined present participant if they are not back (Unix ms;
/// null when it never does, as in a coaching room).
/// </summary>
public sealed record HostAwayDto(long Since, long? HandoverAt);

public static class HostAwayMap
{
    public static HostAwayDto? HostAwayDto(this Session s, TimeSpan grace) =>
        s.HostAbsence(grace) is { } a ? new HostAwayDto(a.Since, a.HandoverAt) : null;
}
