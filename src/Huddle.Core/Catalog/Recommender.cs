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
    public static IReadOnlyList<Song> Recommend(Session session, SongCatalog catalog, int limit, int seed)
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
            .Take(limit)
            .Select(x => x.Song)
            .ToList();
    }

    /// <summary>1 for an unvoted item, +0.5 per net upvote, never below 0 (a song the room rejected adds nothing).</summary>
    internal static double Weight(int score) => Math.Max(0, 1 + 0.5 * score);
}
