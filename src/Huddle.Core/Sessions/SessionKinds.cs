namespace Huddle.Core.Sessions;

/// <summary>
/// What a kind of session has. The one place a kind's features are decided: every check of a kind
/// (a command, a door, the engine) asks this table, so a new kind must answer each question here
/// (the switch is exhaustive, CS8509 is an error) instead of slipping through a list of kinds to refuse.
/// </summary>
/// <param name="HasQueue">A song queue with votes, playback and skip votes (queue methods, <c>PlayNext</c>, autoPlay).</param>
/// <param name="OffersSongs">Song recommendations from the catalog (<c>GetRecommendations</c>).</param>
/// <param name="HasDeck">A movie deck: swipes, matches and the picked film's playback.</param>
/// <param name="HasQuestions">Classroom questions (hub methods and the CSV export).</param>
/// <param name="FollowsBooking">
/// A coaching room: opened and ended by its booking, joined by account, not public by its code; nobody kicks,
/// hands roles over or ends it by hand, and its coach stays host while away. It has the shared notes.
/// </param>
public sealed record KindRules(bool HasQueue, bool OffersSongs, bool HasDeck, bool HasQuestions, bool FollowsBooking);

public static class SessionKinds
{
    private static readonly KindRules Jam = new(HasQueue: true, OffersSongs: true, HasDeck: false, HasQuestions: false, FollowsBooking: false);
    private static readonly KindRules Room = new(HasQueue: false, OffersSongs: true, HasDeck: false, HasQuestions: false, FollowsBooking: false);
    private static readonly KindRules Movie = new(HasQueue: false, OffersSongs: false, HasDeck: true, HasQuestions: false, FollowsBooking: false);
    private static readonly KindRules Classroom = new(HasQueue: false, OffersSongs: false, HasDeck: false, HasQuestions: true, FollowsBooking: false);
    private static readonly KindRules Coaching = new(HasQueue: false, OffersSongs: false, HasDeck: false, HasQuestions: false, FollowsBooking: true);

    public static KindRules Rules(this SessionKind kind) => kind switch
    {
        SessionKind.Jam => Jam,
        SessionKind.Room => Room,
        SessionKind.Movie => Movie,
        SessionKind.Classroom => Classroom,
        SessionKind.Coaching => Coaching,
    };

    public static bool HasQueue(this SessionKind kind) => kind.Rules().HasQueue;

    public static bool OffersSongs(this SessionKind kind) => kind.Rules().OffersSongs;

    public static bool HasDeck(this SessionKind kind) => kind.Rules().HasDeck;

    public static bool HasQuestions(this SessionKind kind) => kind.Rules().HasQuestions;

    public static bool FollowsBooking(this SessionKind kind) => kind.Rules().FollowsBooking;

    /// <summary>Whether its code alone shows the session (<c>GET /api/sessions/{code}</c> and the like): a coaching room's does not.</summary>
    public static bool PublicByCode(this SessionKind kind) => !kind.FollowsBooking();

    /// <summary>Whether <c>POST /api/sessions</c> may create it: a coaching room opens only when its booked session starts.</summary>
    public static bool CreatedByRequest(this SessionKind kind) => !kind.FollowsBooking();

    /// <summary>The <c>not_supported</c> answer both doors give for a feature this kind does not have.</summary>
    public static HuddleException NotSupported(SessionKind kind, string feature) =>
        Errors.Invalid(ErrorCodes.NotSupported, $"A {WireNames.Of(kind)} session has no {feature}.");
}
