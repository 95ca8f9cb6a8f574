using Huddle.Core.Sessions;

namespace Huddle.Core.Catalog;

/// <summary>
/// Seed 004's scoring (genre frequency ×3, artist frequency ×2, randomness up to ×2), improved:
/// each queued or played item counts by how the group voted on it (a downvoted song pulls its
/// genre and artist less, a loved one more), and the randomness comes from a seed so a result
/// can be reproduced. Songs already queued, playing or played are never suggested.
/// </summary>
public static class Recommender
{
    public const int DefaultLimit = 10;

    public const int MaxLimit = 50;

    /// <summary>How many recommendations were asked for: <see cref="DefaultLimit"/> when not said, 1 to <see cref="MaxLimit"/>.</summary>
    public static int ValidLimit(int? asked) => asked switch
    {
        null => DefaultLimit,
        >= 1 and <= MaxLimit => asked.Value,
        _ => throw Errors.InvalidInput($"'limit' must be between 1 and {MaxLimit}."),
    };

    /// <summary>
    /// Recommendations for a session of a kind that <see cref="SessionKinds.OffersSongs"/> (else <c>not_supported</c>).
    /// Without a seed, the same state gives the same picks; any change reshuffles the random part.
    /// </summary>
    public static IReadOnlyList<Song> Recommend(Session session, SongCatalog catalog, int limit, int? seed)
    {
        session.EnsureSongKind();
        return Recommend(session, catalog, limit, seed ?? HashCode.Combine(session.Id, session.Version));
    }

    public static IReadOnlyList<Song> Recommend(Session session, SongCatalog catalog, int limit, int seed) =>
        Rank(session, catalog, seed).Take(limit).ToList();

    /// <summary>
    /// The auto-DJ's next song: the best-ranked one, seeded from the session (its id and version, so the
    /// same state picks the same song on every node and every run). A song without audio is passed over
    /// while one with audio can be picked: browsers playing along need something to play.
    /// </summary>
    public static Song? PickForAutoDj(Session session, SongCatalog catalog)
    {
        var ranked = Rank(session, catalog, AutoDjSeed(session)).ToList();
        return ranked.Find(s => s.HasAudio) ?? ranked.FirstOrDefault();
    }

    internal static int AutoDjSeed(Session session)
    {
        // Not HashCode: it is randomized per process, and every node must pick alike.
        var id = BitConverter.ToInt64(session.Id.ToByteArray(), 0);
        return unchecked((int)(id ^ (id >> 32) ^ (session.Version * 0x9E3779B1L)));
    }

    private static IEnumerable<Song> Rank(Session session, SongCatalog catalog, int seed)
    {
        var genres = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        var artists = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        var excluded = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        void Count(SongRef song, int score)
        {
            excluded.Add(song.CatalogId);
            var weight = Weight(score);
            genres[song.Genre] = genres.GetValueOrDefault(song.Genre) + weight;
            artists[song.Artist] = artists.GetValueOrDefault(song.Artist) + weight;
        }

        foreach (var item in session.Queue) Count(item.Song, item.Score);
        if (session.NowPlaying is { } now) Count(now.Item.Song, now.Item.Score);
        foreach (var played in session.History) Count(played.Item.Song, played.FinalScore);

        var random = new Random(seed);
        return catalog.Songs
            .Where(s => !excluded.Contains(s.Id))
            .Select(s => (Song: s, Score: genres.GetValueOrDefault(s.Genre) * 3
                                          + artists.GetValueOrDefault(s.Artist) * 2
                                          + random.NextDouble() * 2))
            .OrderByDescending(x => x.Score)
            .ThenBy(x => x.Song.Id, StringComparer.Ordinal)
            .Select(x => x.Song);
    }

    /// <summary>1 for an unvoted item, +0.5 per net upvote, never below 0 (a song the room rejected adds nothing).</summary>
    internal static double Weight(int score) => Math.Max(0, 1 + 0.5 * score);
}
