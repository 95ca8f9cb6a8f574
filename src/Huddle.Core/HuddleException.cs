namespace Huddle.Core;

/// <summary>What kind of failure an error is; the transports map it to an HTTP status.</summary>
public enum ErrorKind
{
    Invalid,
    NotFound,
    NotAllowed,
    Conflict,
    Gone,
    RateLimited,

    /// <summary>Try again shortly: the server could not finish the request now (e.g. a session under heavy contention).</summary>
    Unavailable,

    /// <summary>Who the caller is is unknown or not proven: no, an expired or a wrong credential (HTTP 401).</summary>
    Unauthenticated,
}

/// <summary>
/// The one way Huddle reports an expected failure: a stable machine code (e.g. <c>queue_full</c>)
/// plus a human message. REST turns it into problem details, the hub into a HubException.
/// </summary>
public sealed class HuddleException(string code, string message, ErrorKind kind = ErrorKind.Invalid)
    : Exception(message)
{
    public string Code { get; } = code;

    public ErrorKind Kind { get; } = kind;
}

/// <summary>Every error code Huddle sends. docs/protocol.md lists them with their meaning.</summary>
public static class Errors
{
    public static HuddleException Invalid(string code, string message) => new(code, message, ErrorKind.Invalid);

    public static HuddleException InvalidInput(string message) => new(ErrorCodes.InvalidInput, message, ErrorKind.Invalid);

    public static HuddleException NotAllowed(string message) => new(ErrorCodes.NotAllowed, message, ErrorKind.NotAllowed);

    public static HuddleException SessionNotFound() =>
        new(ErrorCodes.SessionNotFound, "No session has this code.", ErrorKind.NotFound);

    public static HuddleException SessionEnded() =>
        new(ErrorCodes.SessionEnded, "This session has ended; it is read-only.", ErrorKind.Gone);

    public static HuddleException ItemNotFound() =>
        new(ErrorCodes.ItemNotFound, "No such item in this session.", ErrorKind.NotFound);

    public static HuddleException ParticipantNotFound() =>
        new(ErrorCodes.ParticipantNotFound, "No such participant in this session.", ErrorKind.NotFound);

    public static HuddleException SongNotFound() =>
        new(ErrorCodes.SongNotFound, "No song in the library has this id.", ErrorKind.NotFound);

    public static HuddleException NotJoined() =>
        new(ErrorCodes.NotJoined, "Join a session first.", ErrorKind.NotAllowed);

    public static HuddleException Conflict(string code, string message) => new(code, message, ErrorKind.Conflict);

    /// <summary>A kick is a ban for that session: the same participant (token) or device cannot join again until lifted.</summary>
    public static HuddleException Banned() =>
        new(ErrorCodes.Banned, "The host removed you from this session.", ErrorKind.NotAllowed);

    /// <summary>A 401: sign in (or sign in again) first.</summary>
    public static HuddleException Unauthenticated(string code, string message) => new(code, message, ErrorKind.Unauthenticated);

    public static HuddleException Busy() =>
        new(ErrorCodes.Busy, "This session is too busy right now; nothing was changed. Try again.", ErrorKind.Unavailable);
}

public static class HuddleExceptionExtensions
{
    /// <summary>The same failure kind and message under a more specific code.</summary>
    public static HuddleException WithCode(this HuddleException error, string code) =>
        new(code, error.Message, error.Kind);
}
