namespace Huddle.Core.Movies;

/// <summary>
/// Deals a movie session's candidate deck. Candidates arrive in relevance order (TMDB popularity,
/// or rating offline); the dealer takes the best few times a deck's worth that were not dealt
/// yet and shuffles them with the session's seed. So two sessions with the same preferences see
/// different decks, one session always sees the same deck (a reload or a test can rely on it), and
/// dealing more never repeats a film.
/// </summary>
public static class DeckDealer
{
    public const int DeckSize = 20;

    /// <summary>How many relevant candidates per card compete for a place: bigger is more varied, smaller more relevant.</summary>
    public const int PoolFactor = 3;

    /// <summary>The first deck of a session.</summary>
    public static IReadOnlyList<Movie> Deal(IEnumerable<Movie> candidates, long seed, int count = DeckSize) =>
        DealMore(candidates, seed, [], count);

    /// <summary>
    /// The next cards: up to <paramref name="count"/> candidates not in <paramref name="alreadyDealt"/>;
    /// fewer (possibly none) when the candidates run out.
    /// </summary>
    public static IReadOnlyList<Movie> DealMore(
        IEnumerable<Movie> candidates, long seed, IEnumerable<int> alreadyDealt, int count = DeckSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var skip = alreadyDealt.ToHashSet();
        return candidates
            .Where(m => skip.Add(m.Id)) // also drops duplicates among the candidates
            .Take(count * PoolFactor)
            .OrderBy(m => Shuffle(seed, m.Id))
            .ThenBy(m => m.Id)
            .Take(count)
            .ToList();
    }

    /// <summary>A per-session seed that stays the same across restarts (derived from the session id).</summary>
    public static long SeedFor(Guid sessionId) => BitConverter.ToInt64(sessionId.ToByteArray(), 0);

    /// <summary>SplitMix64 of (seed, id): a stable pseudo-random sort key, the same on every machine and run.</summary>
    internal static ulong Shuffle(long seed, int id)
    {
        unchecked
        {
            var z = (ulong)seed + 0x9E3779B97F4A7C15UL * ((ulong)(uint)id + 1);
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
