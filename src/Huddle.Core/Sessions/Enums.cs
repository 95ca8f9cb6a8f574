namespace Huddle.Core.Sessions;

public enum SessionKind
{
    Jam,
    Room,
    Movie,
    Classroom,

    /// <summary>The live room of a coaching session in progress: opened by the booking, never by <c>POST /api/sessions</c>.</summary>
    Coaching,
}

public enum SessionStatus
{
    Active,
    Ended,
}

/// <summary>Ordered by power: a comparison tells whether a role may do what a lower one may.</summary>
public enum Role
{
    Member = 0,
    Moderator = 1,
    Host = 2,
}

/// <summary>Stable lower-case names used on the wire and in storage.</summary>
public static class WireNames
{
    public static string Of(SessionKind kind) => kind switch
    {
        SessionKind.Jam => "jam",
        SessionKind.Room => "room",
        SessionKind.Movie => "movie",
        SessionKind.Classroom => "classroom",
        SessionKind.Coaching => "coaching",
    };

    public static string Of(SessionStatus status) => status switch
    {
        SessionStatus.Active => "active",
        SessionStatus.Ended => "ended",
    };

    public static string Of(Role role) => role switch
    {
        Role.Member => "member",
        Role.Moderator => "moderator",
        Role.Host => "host",
    };

    /// <summary>Every kind's wire name (<c>POST /api/sessions</c> refuses coaching itself: its rooms come from bookings).</summary>
    public static bool TryParseKind(string? value, out SessionKind kind)
    {
        switch (value?.Trim().ToLowerInvariant())
        {
            case "jam":
                kind = SessionKind.Jam;
                return true;
            case "room":
                kind = SessionKind.Room;
                return true;
            case "movie":
                kind = SessionKind.Movie;
                return true;
            case "classroom":
                kind = SessionKind.Classroom;
                return true;
            case "coaching":
                kind = SessionKind.Coaching;
                return true;
            default:
                kind = default;
                return false;
        }
    }

    public static bool TryParseRole(string? value, out Role role)
    {
        switch (value?.Trim().ToLowerInvariant())
        {
            case "member":
                role = Role.Member;
                return true;
            case "moderator":
                role = Role.Moderator;
                return true;
            case "host":
                role = Role.Host;
                return true;
            default:
                role = default;
                return false;
        }
    }
}
