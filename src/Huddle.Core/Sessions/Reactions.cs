namespace Huddle.Core.Sessions;

/// <summary>
/// Reactions during the film (issue 21): a closed list of emoji, so nothing a member sends can carry
/// text, and a per-participant limit on the session clock. A reaction is a moment, not a fact about
/// the session: it is relayed to everyone present and never stored (like the room kind's relay), so a
/// replayed log or a device that joins later never sees old ones.
/// </summary>
public static class Reactions
{
    /// <summary>The emoji a member may send, in the order the app offers them.</summary>
    public static readonly IReadOnlyList<string> Emoji = ["👍", "😂", "😮", "😢", "❤️", "🍿"];

    /// <summary>At most this many reactions per participant within <see cref="WindowMs"/>.</summary>
    public const int MaxPerWindow = 5;

    public const long WindowMs = 10_000;

    public static string Validate(string? emoji) =>
        emoji is not null && Emoji.Contains(emoji, StringComparer.Ordinal)
            ? emoji
            : throw Errors.InvalidInput($"emoji must be one of {string.Join(" ", Emoji)}.");
}

/// <summary>What everyone present sees float over the player: who sent which emoji, when (server clock).</summary>
public sealed record Reaction(string Emoji, string ById, string ByName, long At);

public sealed partial class Session
{
    /// <summary>
    /// When each participant's recent reactions were sent. Not session state: it is not in the log and
    /// <c>Apply</c> never sees it; a reload forgets it, which only forgives a few seconds of limit.
    /// Guarded by the session's gate like everything else here.
    /// </summary>
    private readonly Dictionary<string, Queue<long>> _reactionTimes = new(StringComparer.Ordinal);

    /// <summary>
    /// A present member reacts during the watch party. Refused (and not counted) without a picked film,
    /// with an emoji outside the list, or beyond <see cref="Reactions.MaxPerWindow"/> in
    /// <see cref="Reactions.WindowMs"/> (<c>reaction_too_fast</c>, saying when to retry).
    /// </summary>
    public Reaction React(string actorId, string? emoji, long now)
    {
        var actor = Require(actorId, Role.Member);
        RequireWatching();
        var valid = Reactions.Validate(emoji);

        var times = _reactionTimes.TryGetValue(actorId, out var recent) ? recent : new Queue<long>();
        while (times.Count > 0 && now - times.Peek() >= Reactions.WindowMs) times.Dequeue();
        if (times.Count >= Reactions.MaxPerWindow)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling((times.Peek() + Reactions.WindowMs - now) / 1000.0));
            throw new HuddleException(
                ErrorCodes.ReactionTooFast, $"At most {Reactions.MaxPerWindow} reactions in {Reactions.WindowMs / 1000} s; try again in {seconds} s.",
                ErrorKind.RateLimited);
        }

        times.Enqueue(now);
        _reactionTimes[actorId] = times;
        return new Reaction(valid, actor.Id, actor.Name, now);
    }
}
